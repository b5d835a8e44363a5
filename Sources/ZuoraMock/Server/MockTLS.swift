/// The certificate and key the mock serves TLS with.
public struct MockTLS: Sendable, Hashable {
    /// A PEM file with the certificate chain, leaf first.
    public var certificatePath: String
    /// A PEM file with the private key.
    public var keyPath: String

    /// Creates a TLS setting from two PEM files.
    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }
}
