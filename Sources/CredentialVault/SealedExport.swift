import Crypto
import Foundation

/// Export files: one `Codable` payload sealed under its own passphrase, in the format 1
/// layout with kind 1 (an export is written once and read once, so it is never split).
public enum SealedExport<Payload: Codable & Sendable> {
    /// Writes `payload` to a new sealed export file at `path` under its own passphrase.
    /// Refuses to overwrite an existing file.
    public static func write(_ payload: Payload, to path: String, passphrase: Passphrase, parameters: KDFParameters = .default)
        throws
    {
        let dataKey = SymmetricKey(size: .bits256)
        let salt = SecureRandom.bytes(32)
        try ProcessHardening.apply()
        let keyEncryptionKey = try KeyDerivation.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters)
        var plain: Data
        do {
            plain = try JSONEncoder().encode(payload)
        } catch {
            throw VaultError.payload("cannot encode: \(error)")
        }
        defer { plain.resetBytes(in: 0..<plain.count) }
        let file = try VersionOneSeal.seal(plain, generation: 1, kind: .export, dataKey: dataKey,
            keyEncryptionKey: keyEncryptionKey, salt: salt, parameters: parameters)
        // Created with link(2), which fails if the name exists: no check-then-write window.
        try AtomicFile.create(file.serialized(), at: path)
    }

    /// Reads an export file written by ``write(_:to:passphrase:parameters:)``.
    public static func read(at path: String, passphrase: Passphrase) throws -> Payload {
        try read(bytes: try POSIX.readFile(path), path: path, passphrase: passphrase)
    }

    /// Reads an export from its bytes; `path` names it in errors. Every check of
    /// ``read(at:passphrase:)`` applies (the fuzz targets call this).
    public static func read(bytes: [UInt8], path: String, passphrase: Passphrase) throws -> Payload {
        let file = try VersionOneSeal.parse(bytes, path: path, expecting: .export)
        let dataKey = try KeySeal.open(file.sealedKey, header: file.header, salt: file.salt, parameters: file.parameters,
            passphrase: passphrase, path: path)
        var opened: (generation: UInt64, plain: Data)
        do {
            opened = try VersionOneSeal.open(file, dataKey: dataKey)
        } catch {
            throw VaultError.corrupted(path: path, reason: "the contents do not authenticate under this file's key", backup: nil)
        }
        defer { opened.plain.resetBytes(in: 0..<opened.plain.count) }
        do {
            return try JSONDecoder().decode(Payload.self, from: opened.plain)
        } catch {
            throw VaultError.corrupted(path: path, reason: "the decrypted contents are unreadable (\(error))", backup: nil)
        }
    }
}
