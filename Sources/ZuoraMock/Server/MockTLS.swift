import NIOSSL

/// The certificate and key a TLS mock server presents.
public struct MockTLS: Sendable, Hashable {
    /// A PEM file with the certificate chain, leaf first.
    public var certificatePath: String
    /// A PEM file with the private key.
    public var keyPath: String
    /// The newest TLS version the server speaks; set it to TLS 1.1 to play an outdated
    /// endpoint that a client must refuse.
    public var maximumVersion: TLSVersion?

    /// Creates a TLS setting from two PEM files.
    public init(certificatePath: String, keyPath: String, maximumVersion: TLSVersion? = nil) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.maximumVersion = maximumVersion
    }
}
