import Crypto
import Foundation
import Synchronization

/// A single-file encrypted store for one `Codable` payload.
///
/// A random 256-bit data key encrypts the payload (ChaCha20-Poly1305, fresh nonce on every
/// save); the data key is sealed under a key derived from the passphrase with scrypt. The
/// key is derived once, when the vault is opened or created, and only the derived data key
/// stays in memory. Every write is atomic, keeps the previous generation as `<path>.bak`, and
/// happens under an advisory lock on `<path>.lock`.
///
/// The vault knows nothing about what it stores.
public final class Vault<Payload: Codable & Sendable>: Sendable {
    /// The vault file.
    public let path: String
    /// The previous generation, kept by every save.
    public var backupPath: String { path + ".bak" }
    /// The advisory lock file.
    public var lockPath: String { path + ".lock" }

    private struct State: Sendable {
        var dataKey: DataKey
        /// SHA-256 of the file as last read or written, to notice writes by others.
        var digest: [UInt8]
        var parameters: KDFParameters
    }

    private let state: Mutex<State>

    private init(path: String, dataKey: SymmetricKey, digest: [UInt8], parameters: KDFParameters) {
        self.path = path
        self.state = Mutex(State(dataKey: DataKey(key: dataKey), digest: digest, parameters: parameters))
    }

    /// The KDF parameters in the file's header.
    public var parameters: KDFParameters { state.withLock { $0.parameters } }

    // MARK: Creating and opening

    /// Creates a new vault holding `payload`. The folder is created 0700 and the file 0600.
    ///
    /// - Throws: ``VaultError/alreadyExists(path:)`` rather than overwrite anything.
    public static func create(at path: String, passphrase: Passphrase, parameters: KDFParameters = .default,
        payload: Payload) throws -> Vault
    {
        try POSIX.makeDirectories(POSIX.directory(of: path), mode: 0o700)
        let dataKey = SymmetricKey(size: .bits256)
        let salt = randomBytes(32)
        let keyEncryptionKey = try KeyDerivation.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters)
        ProcessHardening.apply()
        return try FileLock.withExclusiveLock(path + ".lock") {
            guard !POSIX.exists(path) else { throw VaultError.alreadyExists(path: path) }
            let file = try seal(payload, kind: .vault, dataKey: dataKey, keyEncryptionKey: keyEncryptionKey, salt: salt,
                parameters: parameters)
            let bytes = file.serialized()
            try AtomicFile.write(bytes, to: path, keepBackup: false)
            return Vault(path: path, dataKey: dataKey, digest: digest(bytes), parameters: parameters)
        }
    }

    /// Opens a vault with its passphrase and returns it with its contents.
    public static func open(at path: String, passphrase: Passphrase) throws -> (vault: Vault, payload: Payload) {
        try checkPermissions(path)
        let bytes = try POSIX.readFile(path)
        let file = try parse(bytes, path: path, expecting: .vault)
        let dataKey = try unsealKey(file, passphrase: passphrase, path: path)
        ProcessHardening.apply()
        let payload: Payload = try unsealPayload(file, dataKey: dataKey, path: path)
        return (Vault(path: path, dataKey: dataKey, digest: digest(bytes), parameters: file.parameters), payload)
    }

    /// Refuses a vault file that group or others can read or write.
    public static func checkPermissions(_ path: String) throws {
        guard let mode = POSIX.mode(path) else { throw VaultError.missing(path: path) }
        if mode & 0o077 != 0 {
            throw VaultError.unsafePermissions(path: path, mode: POSIX.octal(mode), fix: "chmod 600 '\(path)'")
        }
    }

    // MARK: Reading and writing

    /// Reads the current contents from disk (another process may have changed them).
    public func reload() throws -> Payload {
        let bytes = try POSIX.readFile(path)
        let file = try Self.parse(bytes, path: path, expecting: .vault)
        let payload: Payload = try state.withLock { state in
            let payload: Payload = try Self.unsealPayload(file, dataKey: state.dataKey.key, path: path)
            state.digest = Self.digest(bytes)
            state.parameters = file.parameters
            return payload
        }
        return payload
    }

    /// Writes `payload` over the vault, but only if nobody else wrote since this process last
    /// read or wrote it.
    ///
    /// - Throws: ``VaultError/changedOnDisk(path:)`` instead of dropping another process's change.
    public func save(_ payload: Payload) throws {
        try FileLock.withExclusiveLock(lockPath) {
            let current = try POSIX.readFile(path)
            try state.withLock { state in
                guard Self.digest(current) == state.digest else { throw VaultError.changedOnDisk(path: path) }
                let file = try Self.parse(current, path: path, expecting: .vault)
                try write(payload, over: file, state: &state)
            }
        }
    }

    /// Reads the latest contents under the lock, lets `body` change them, and writes the
    /// result: the read-modify-write every command uses, so concurrent writers merge rather
    /// than overwrite each other.
    @discardableResult
    public func update<T>(_ body: (inout Payload) throws -> T) throws -> (result: T, payload: Payload) {
        try FileLock.withExclusiveLock(lockPath) {
            let current = try POSIX.readFile(path)
            let file = try Self.parse(current, path: path, expecting: .vault)
            return try state.withLock { state in
                var payload: Payload = try Self.unsealPayload(file, dataKey: state.dataKey.key, path: path)
                let result = try body(&payload)
                try write(payload, over: file, state: &state)
                return (result, payload)
            }
        }
    }

    /// Reseals the data key under a new passphrase with a new salt (and optionally new KDF
    /// parameters), and rewrites the payload. The old passphrase stops working.
    public func rekey(to passphrase: Passphrase, parameters: KDFParameters? = nil) throws {
        let newParameters = parameters ?? self.parameters
        let salt = Self.randomBytes(32)
        let keyEncryptionKey = try KeyDerivation.deriveKey(passphrase: passphrase, salt: salt, parameters: newParameters)
        try FileLock.withExclusiveLock(lockPath) {
            let current = try POSIX.readFile(path)
            let file = try Self.parse(current, path: path, expecting: .vault)
            try state.withLock { state in
                let payload: Payload = try Self.unsealPayload(file, dataKey: state.dataKey.key, path: path)
                let resealed = try Self.seal(payload, kind: .vault, dataKey: state.dataKey.key,
                    keyEncryptionKey: keyEncryptionKey, salt: salt, parameters: newParameters)
                let bytes = resealed.serialized()
                try AtomicFile.write(bytes, to: path)
                state.digest = Self.digest(bytes)
                state.parameters = newParameters
            }
        }
    }

    private func write(_ payload: Payload, over file: VaultFile, state: inout State) throws {
        // Keep the file's own header and sealed key: if another process rekeyed, its new
        // passphrase stays in force (the data key is the same).
        var next = file
        next.sealedPayload = try Self.sealPayload(payload, dataKey: state.dataKey.key, associatedData: file.payloadAssociatedData)
        let bytes = next.serialized()
        AtomicFile.removeStaleTemporaries(besides: path)
        try AtomicFile.write(bytes, to: path)
        state.digest = Self.digest(bytes)
    }

    // MARK: Exports

    /// Writes `payload` to a new sealed export file at `path` under its own passphrase.
    /// Refuses to overwrite an existing file.
    public static func writeExport(_ payload: Payload, to path: String, passphrase: Passphrase,
        parameters: KDFParameters = .default) throws
    {
        let dataKey = SymmetricKey(size: .bits256)
        let salt = randomBytes(32)
        let keyEncryptionKey = try KeyDerivation.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters)
        let file = try seal(payload, kind: .export, dataKey: dataKey, keyEncryptionKey: keyEncryptionKey, salt: salt,
            parameters: parameters)
        guard !POSIX.exists(path) else { throw VaultError.alreadyExists(path: path) }
        try AtomicFile.write(file.serialized(), to: path, keepBackup: false)
    }

    /// Reads an export file written by ``writeExport(_:to:passphrase:parameters:)``.
    public static func readExport(at path: String, passphrase: Passphrase) throws -> Payload {
        let bytes = try POSIX.readFile(path)
        let file = try parse(bytes, path: path, expecting: .export)
        let dataKey = try unsealKey(file, passphrase: passphrase, path: path)
        return try unsealPayload(file, dataKey: dataKey, path: path)
    }

    // MARK: Sealing

    private static func seal(_ payload: Payload, kind: VaultFile.Kind, dataKey: SymmetricKey,
        keyEncryptionKey: SymmetricKey, salt: [UInt8], parameters: KDFParameters) throws -> VaultFile
    {
        var file = VaultFile(parameters: parameters, salt: salt, kind: kind, sealedKey: [], sealedPayload: [])
        let keyBytes = dataKey.withUnsafeBytes { Array($0) }
        let sealedKey = try ChaChaPoly.seal(keyBytes, using: keyEncryptionKey, authenticating: file.header)
        file.sealedKey = Array(sealedKey.combined)
        file.sealedPayload = try sealPayload(payload, dataKey: dataKey, associatedData: file.payloadAssociatedData)
        return file
    }

    private static func sealPayload(_ payload: Payload, dataKey: SymmetricKey, associatedData: [UInt8]) throws -> [UInt8] {
        let plain: Data
        do {
            plain = try JSONEncoder().encode(payload)
        } catch {
            throw VaultError.payload("cannot encode: \(error)")
        }
        return Array(try ChaChaPoly.seal(plain, using: dataKey, authenticating: associatedData).combined)
    }

    private static func unsealKey(_ file: VaultFile, passphrase: Passphrase, path: String) throws -> SymmetricKey {
        let keyEncryptionKey = try KeyDerivation.deriveKey(passphrase: passphrase, salt: file.salt, parameters: file.parameters)
        do {
            let box = try ChaChaPoly.SealedBox(combined: file.sealedKey)
            let keyBytes = try ChaChaPoly.open(box, using: keyEncryptionKey, authenticating: file.header)
            guard keyBytes.count == 32 else { throw VaultError.corrupted(path: path, reason: "bad data key", backup: nil) }
            return SymmetricKey(data: keyBytes)
        } catch {
            // The file's digest matched, so the bytes are as written: the passphrase is wrong.
            throw VaultError.wrongPassphrase(path: path)
        }
    }

    private static func unsealPayload<T: Decodable>(_ file: VaultFile, dataKey: SymmetricKey, path: String) throws -> T {
        let plain: Data
        do {
            let box = try ChaChaPoly.SealedBox(combined: file.sealedPayload)
            plain = try ChaChaPoly.open(box, using: dataKey, authenticating: file.payloadAssociatedData)
        } catch {
            throw VaultError.corrupted(path: path, reason: "the contents do not authenticate under this vault's key",
                backup: backup(for: path))
        }
        do {
            return try JSONDecoder().decode(T.self, from: plain)
        } catch {
            throw VaultError.corrupted(path: path, reason: "the decrypted contents are unreadable (\(error))", backup: backup(for: path))
        }
    }

    private static func parse(_ bytes: [UInt8], path: String, expecting kind: VaultFile.Kind) throws -> VaultFile {
        switch VaultFile.parse(bytes) {
        case .success(let file):
            guard file.kind == kind else { throw VaultError.notAVault(path: path) }
            guard file.parameters.isWithinCaps else { throw VaultError.kdfParametersOutOfRange(file.parameters.description) }
            return file
        case .failure(.notAVault):
            throw VaultError.notAVault(path: path)
        case .failure(.corrupted(let reason)):
            throw VaultError.corrupted(path: path, reason: reason, backup: backup(for: path))
        case .failure(.newerVersion(let version)):
            throw VaultError.unsupportedVersion(path: path, found: version, supported: VaultFile.currentVersion)
        }
    }

    private static func backup(for path: String) -> String? {
        POSIX.exists(path + ".bak") ? path + ".bak" : nil
    }

    private static func digest(_ bytes: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }

    private static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}

/// The data key, shareable across threads: `SymmetricKey` is an immutable value backed by
/// bytes that are zeroed when released, but swift-crypto 3 does not mark it `Sendable`.
private struct DataKey: @unchecked Sendable {
    let key: SymmetricKey
}
