import Foundation

/// Paths to files checked in under `Tests/Fixtures`.
public enum Fixtures {
    /// The repository's root folder.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file under `Tests/Fixtures/tls` (see `make-certificates.sh` there).
    public static func tls(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("Tests/Fixtures/tls/\(name)").path
    }
}
