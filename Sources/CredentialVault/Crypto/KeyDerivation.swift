import Crypto
import _CryptoExtras

/// Derives the key-encryption key from a passphrase with scrypt.
public enum KeyDerivation {
    /// The 256-bit key for `passphrase` and `salt` under `parameters`.
    ///
    /// Refuses parameters over the caps, so a crafted file cannot make the process allocate
    /// gigabytes.
    public static func deriveKey(passphrase: Passphrase, salt: [UInt8], parameters: KDFParameters) throws -> SymmetricKey {
        if let cost = parameters.capViolation {
            throw VaultError.kdfParametersOutOfRange(parameters: parameters.description, cost: cost)
        }
        return try passphrase.withBytes { bytes in
            try KDF.Scrypt.deriveKey(
                from: bytes, salt: salt, outputByteCount: 32, rounds: parameters.n, blockSize: Int(parameters.r),
                parallelism: Int(parameters.p))
        }
    }

    /// Raw scrypt output, for known-answer tests against RFC 7914.
    public static func scrypt(password: [UInt8], salt: [UInt8], n: Int, r: Int, p: Int, length: Int) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(from: password, salt: salt, outputByteCount: length, rounds: n, blockSize: r,
            parallelism: p)
        return key.withUnsafeBytes { Array($0) }
    }
}
