/// Why a ``ConnectionClient`` could not be created.
public enum ConnectionClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `--ca-file` could not be read or holds no PEM certificate.
    case unreadableCAFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableCAFile(let path, let reason):
            "cannot use CA file \(path): \(reason). Give a PEM file with one or more certificates (-----BEGIN CERTIFICATE-----)."
        }
    }
}
