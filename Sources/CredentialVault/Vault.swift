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
/// Each write seals a generation counter with the payload. A process remembers the highest
/// generation it has seen and refuses an older one (a genuine old copy written back over
/// the file) instead of adopting it. It also remembers the sealed data key it unlocked: when
/// another process rekeys the vault, the next read or write stops with
/// ``VaultError/rekeyedElsewhere(path:)`` instead of writing under the old key.
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
        /// The sealed data key of the file this process unlocked or rekeyed: a different one
        /// on disk means another process rekeyed the vault.
        var sealedKey: [UInt8]
        /// The highest generation read or written.
        var generation: UInt64
        /// Sealed data keys this process rekeyed away from: one of them on disk again means an
        /// old copy was put back, not that someone else rekeyed.
        var retiredSealedKeys: [[UInt8]] = []
        /// Set when the contents last read were written by a newer build (``SchemaVersioned``):
        /// then no write goes through, not even `save` of a payload built from scratch.
        var writeRefusal: String?
    }

    private let state: Mutex<State>

    private init(path: String, dataKey: SymmetricKey, digest: [UInt8], file: VaultFile, generation: UInt64) {
        self.path = path
        self.state = Mutex(State(dataKey: DataKey(key: dataKey), digest: digest, parameters: file.parameters,
            sealedKey: file.sealedKey, generation: generation))
    }

    /// SHA-256 of the data key, so tests can tell that a rekey drew a new one.
    var dataKeyFingerprint: [UInt8] {
        state.withLock { state in state.dataKey.key.withUnsafeBytes { Array(SHA256.hash(data: $0)) } }
    }

    /// The generation of the contents last read or written: 1 for a new vault, one more on
    /// every write. A vault written before generations existed reads as 0.
    public var generation: UInt64 { state.withLock { $0.generation } }

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
        try ProcessHardening.apply()
        let keyEncryptionKey = try KeyDerivation.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters)
        return try FileLock.withExclusiveLock(path + ".lock") {
            guard !POSIX.exists(path) else { throw VaultError.alreadyExists(path: path) }
            let file = try seal(payload, generation: 1, kind: .vault, dataKey: dataKey, keyEncryptionKey: keyEncryptionKey,
                salt: salt, parameters: parameters)
            let bytes = file.serialized()
            try AtomicFile.write(bytes, to: path, keepBackup: false)
            return Vault(path: path, dataKey: dataKey, digest: digest(bytes), file: file, generation: 1)
        }
    }

    /// Opens a vault with its passphrase and returns it with its contents.
    public static func open(at path: String, passphrase: Passphrase) throws -> (vault: Vault, payload: Payload) {
        try checkPermissions(path)
        let bytes = try POSIX.readFile(path)
        let file = try parse(bytes, path: path, expecting: .vault)
        let dataKey = try unsealKey(file, passphrase: passphrase, path: path)
        let (generation, payload): (UInt64, Payload) = try unsealPayload(file, dataKey: dataKey, path: path)
        let vault = Vault(path: path, dataKey: dataKey, digest: digest(bytes), file: file, generation: generation)
        vault.state.withLock { $0.writeRefusal = refusal(for: payload) }
        return (vault, payload)
    }

    /// Refuses a vault file that group or others can read or write or that another user owns,
    /// and a folder that others can write or that belongs to another user than you or root
    /// (they could rename another file over the vault or its backup). A vault reached
    /// through a symbolic link is checked where it really is, and the link's folder too.
    ///
    /// - Returns: warnings that do not stop anything: a folder that others can read or list
    ///   (they learn that a vault exists and when it changes, not what it holds).
    @discardableResult
    public static func checkPermissions(_ path: String) throws -> [String] {
        guard let mode = POSIX.mode(path) else { throw VaultError.missing(path: path) }
        if mode & 0o077 != 0 {
            throw VaultError.unsafePermissions(path: path, mode: POSIX.octal(mode), fix: "chmod 600 '\(path)'")
        }
        let me = geteuid()
        if let owner = POSIX.owner(path), owner != me {
            throw VaultError.foreignOwner(path: path, owner: owner)
        }
        var folders = [POSIX.directory(of: path)]
        if let real = POSIX.realPath(path), POSIX.directory(of: real) != folders[0] { folders.append(POSIX.directory(of: real)) }
        var warnings: [String] = []
        for folder in folders {
            guard let folderMode = POSIX.mode(folder) else { continue }
            if let owner = POSIX.owner(folder), owner != me, owner != 0 {
                throw VaultError.foreignOwner(path: folder, owner: owner)
            }
            if folderMode & 0o022 != 0 {
                throw VaultError.unsafeFolder(path: folder, mode: POSIX.octal(folderMode), fix: "chmod go-w '\(folder)' (or keep the vault in a folder of its own, mode 0700)")
            }
            if folderMode & 0o055 != 0 {
                warnings.append("the vault's folder \(folder) can be listed by other users (mode \(POSIX.octal(folderMode))): they cannot read the vault, but can see that it exists and when it changes. `chmod 700 '\(folder)'` hides it.")
            }
        }
        return warnings
    }

    // MARK: Reading and writing

    /// Reads the current contents from disk (another process may have changed them).
    public func reload() throws -> Payload {
        let bytes = try POSIX.readFile(path)
        let file = try Self.parse(bytes, path: path, expecting: .vault)
        let payload: Payload = try state.withLock { state in
            let (generation, payload): (UInt64, Payload) = try Self.unsealCurrent(file, state: state, path: path)
            state.digest = Self.digest(bytes)
            state.parameters = file.parameters
            state.generation = generation
            state.writeRefusal = Self.refusal(for: payload)
            return payload
        }
        return payload
    }

    /// Writes `payload` over the vault, but only if nobody else wrote since this process last
    /// read or wrote it.
    ///
    /// - Throws: ``VaultError/changedOnDisk(path:)`` instead of dropping another process's change.
    public func save(_ payload: Payload) throws {
        try Self.refuseIfNewer(payload, path: path)
        try FileLock.withExclusiveLock(lockPath) {
            let current = try POSIX.readFile(path)
            try state.withLock { state in
                if let reason = state.writeRefusal { throw VaultError.readOnly(path: path, reason: reason) }
                let file = try Self.parse(current, path: path, expecting: .vault)
                try Self.checkKey(of: file, state: state, path: path)
                guard Self.digest(current) == state.digest else { throw VaultError.changedOnDisk(path: path) }
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
                var (generation, payload): (UInt64, Payload) = try Self.unsealCurrent(file, state: state, path: path)
                state.generation = generation
                state.writeRefusal = Self.refusal(for: payload)
                if let reason = state.writeRefusal { throw VaultError.readOnly(path: path, reason: reason) }
                let result = try body(&payload)
                try write(payload, over: file, state: &state)
                return (result, payload)
            }
        }
    }

    /// What happened to the backup when the vault was rekeyed.
    public enum BackupAfterRekey: Sendable, Equatable {
        /// There was no backup.
        case none
        /// The backup was resealed under the new passphrase and data key.
        case resealed(path: String)
        /// The backup could not be opened with this vault's old key, so it was removed.
        case removed(path: String)
    }

    /// Draws a new data key, reseals the contents under it and the data key under a new
    /// passphrase (new salt, optionally new KDF parameters), and does the same to the backup,
    /// so neither the old passphrase nor the old data key opens anything written from now on
    /// or anything left beside the vault.
    ///
    /// - Returns: what became of `<path>.bak`.
    @discardableResult
    public func rekey(to passphrase: Passphrase, parameters: KDFParameters? = nil) throws -> BackupAfterRekey {
        let newParameters = parameters ?? self.parameters
        let salt = Self.randomBytes(32)
        try ProcessHardening.apply()
        let keyEncryptionKey = try KeyDerivation.deriveKey(passphrase: passphrase, salt: salt, parameters: newParameters)
        let newDataKey = SymmetricKey(size: .bits256)
        return try FileLock.withExclusiveLock(lockPath) {
            let current = try POSIX.readFile(path)
            let file = try Self.parse(current, path: path, expecting: .vault)
            return try state.withLock { state in
                // The plaintext is resealed as it is, never decoded and re-encoded: a payload a
                // newer build wrote keeps everything this build does not understand.
                let opened = try Self.openCurrentPlaintext(file, state: state, path: path)
                let generation = opened.generation
                var plain = opened.plain
                defer { plain.resetBytes(in: 0..<plain.count) }
                // Contents that authenticate but are not JSON are reported, not resealed.
                guard (try? JSONSerialization.jsonObject(with: plain)) != nil else {
                    throw VaultError.corrupted(path: path, reason: "the decrypted contents are unreadable", backup: Self.backup(for: path))
                }
                let oldDataKey = state.dataKey.key
                let resealed = try Self.sealPlaintext(plain, generation: generation + 1, kind: .vault, dataKey: newDataKey,
                    keyEncryptionKey: keyEncryptionKey, salt: salt, parameters: newParameters)
                let bytes = resealed.serialized()
                AtomicFile.removeStaleTemporaries(besides: path)
                // The backup first: resealed under the new key (or removed) before the vault
                // changes, so at no instant after the rekey does an old-key backup exist, and a
                // failure here leaves the vault as it was. The previous generation stays the
                // backup, rather than the old-key file the vault write would link there.
                let backup = try Self.resealBackup(at: backupPath, oldDataKey: oldDataKey, newDataKey: newDataKey,
                    keyEncryptionKey: keyEncryptionKey, salt: salt, parameters: newParameters)
                try AtomicFile.write(bytes, to: path, keepBackup: false)
                state = State(dataKey: DataKey(key: newDataKey), digest: Self.digest(bytes), parameters: newParameters,
                    sealedKey: resealed.sealedKey, generation: generation + 1,
                    retiredSealedKeys: state.retiredSealedKeys + [state.sealedKey])
                return backup
            }
        }
    }

    private static func resealBackup(at backupPath: String, oldDataKey: SymmetricKey, newDataKey: SymmetricKey,
        keyEncryptionKey: SymmetricKey, salt: [UInt8], parameters: KDFParameters) throws -> BackupAfterRekey
    {
        guard POSIX.exists(backupPath) else { return .none }
        let resealed: VaultFile? = {
            guard let bytes = try? POSIX.readFile(backupPath), case .success(let old) = VaultFile.parse(bytes),
                old.kind == .vault, old.parameters.isWithinCaps,
                var opened = try? openPlaintext(old, dataKey: oldDataKey)
            else { return nil }
            defer { opened.plain.resetBytes(in: 0..<opened.plain.count) }
            return try? sealPlaintext(opened.plain, generation: opened.generation, kind: .vault, dataKey: newDataKey,
                keyEncryptionKey: keyEncryptionKey, salt: salt, parameters: parameters)
        }()
        if let resealed {
            try AtomicFile.write(resealed.serialized(), to: backupPath, keepBackup: false)
            return .resealed(path: backupPath)
        }
        guard unlink(backupPath) == 0 else { throw POSIX.fail(backupPath, "remove the old-key backup") }
        try POSIX.syncDirectory(POSIX.directory(of: backupPath))
        return .removed(path: backupPath)
    }

    private func write(_ payload: Payload, over file: VaultFile, state: inout State) throws {
        // The header and sealed key are the file's own, which the callers checked are the
        // ones this process unlocked.
        var next = file
        let generation = state.generation + 1
        next.sealedPayload = try Self.sealPayload(payload, generation: generation, dataKey: state.dataKey.key,
            associatedData: file.payloadAssociatedData)
        let bytes = next.serialized()
        AtomicFile.removeStaleTemporaries(besides: path)
        try AtomicFile.write(bytes, to: path)
        state.digest = Self.digest(bytes)
        state.generation = generation
    }

    // MARK: Exports

    /// Writes `payload` to a new sealed export file at `path` under its own passphrase.
    /// Refuses to overwrite an existing file.
    public static func writeExport(_ payload: Payload, to path: String, passphrase: Passphrase,
        parameters: KDFParameters = .default) throws
    {
        let dataKey = SymmetricKey(size: .bits256)
        let salt = randomBytes(32)
        try ProcessHardening.apply()
        let keyEncryptionKey = try KeyDerivation.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters)
        let file = try seal(payload, generation: 1, kind: .export, dataKey: dataKey, keyEncryptionKey: keyEncryptionKey,
            salt: salt, parameters: parameters)
        // Created with link(2), which fails if the name exists: no check-then-write window.
        try AtomicFile.create(file.serialized(), at: path)
    }

    /// Reads an export file written by ``writeExport(_:to:passphrase:parameters:)``.
    public static func readExport(at path: String, passphrase: Passphrase) throws -> Payload {
        try readExport(bytes: try POSIX.readFile(path), path: path, passphrase: passphrase)
    }

    /// Reads an export from its bytes; `path` names it in errors. Every check of
    /// ``readExport(at:passphrase:)`` applies (the fuzz targets call this).
    public static func readExport(bytes: [UInt8], path: String, passphrase: Passphrase) throws -> Payload {
        let file = try parse(bytes, path: path, expecting: .export)
        let dataKey = try unsealKey(file, passphrase: passphrase, path: path)
        let (_, payload): (UInt64, Payload) = try unsealPayload(file, dataKey: dataKey, path: path)
        return payload
    }

    // MARK: Sealing

    /// The plaintext of a sealed payload starts with this marker and the generation (8 bytes,
    /// big-endian), then the encoded payload. Plaintexts written before generations existed
    /// start with the encoding itself (`{`), and read as generation 0.
    private static var generationMarker: [UInt8] { VaultFile.generationMarker }

    private static func seal(_ payload: Payload, generation: UInt64, kind: VaultFile.Kind, dataKey: SymmetricKey,
        keyEncryptionKey: SymmetricKey, salt: [UInt8], parameters: KDFParameters) throws -> VaultFile
    {
        var plain = try encode(payload)
        defer { plain.resetBytes(in: 0..<plain.count) }
        return try sealPlaintext(plain, generation: generation, kind: kind, dataKey: dataKey,
            keyEncryptionKey: keyEncryptionKey, salt: salt, parameters: parameters)
    }

    private static func sealPlaintext(_ plain: Data, generation: UInt64, kind: VaultFile.Kind, dataKey: SymmetricKey,
        keyEncryptionKey: SymmetricKey, salt: [UInt8], parameters: KDFParameters) throws -> VaultFile
    {
        var file = VaultFile(parameters: parameters, salt: salt, kind: kind, sealedKey: [], sealedPayload: [])
        // The key's bytes go straight from its own storage into the cipher, never into an array.
        let sealedKey = try dataKey.withUnsafeBytes { keyBytes in
            try ChaChaPoly.seal(keyBytes, using: keyEncryptionKey, authenticating: file.header)
        }
        file.sealedKey = Array(sealedKey.combined)
        file.sealedPayload = try sealFramed(plain, generation: generation, dataKey: dataKey,
            associatedData: file.payloadAssociatedData)
        return file
    }

    private static func sealPayload(_ payload: Payload, generation: UInt64, dataKey: SymmetricKey,
        associatedData: [UInt8]) throws -> [UInt8]
    {
        var plain = try encode(payload)
        defer { plain.resetBytes(in: 0..<plain.count) }
        return try sealFramed(plain, generation: generation, dataKey: dataKey, associatedData: associatedData)
    }

    private static func sealFramed(_ plain: Data, generation: UInt64, dataKey: SymmetricKey, associatedData: [UInt8])
        throws -> [UInt8]
    {
        var framed = Data(generationMarker)
        framed.reserveCapacity(generationMarker.count + 8 + plain.count)
        for shift in stride(from: 56, through: 0, by: -8) { framed.append(UInt8(truncatingIfNeeded: generation >> UInt64(shift))) }
        framed.append(plain)
        defer { framed.resetBytes(in: 0..<framed.count) }
        return Array(try ChaChaPoly.seal(framed, using: dataKey, authenticating: associatedData).combined)
    }

    private static func encode(_ payload: Payload) throws -> Data {
        do {
            return try JSONEncoder().encode(payload)
        } catch {
            throw VaultError.payload("cannot encode: \(error)")
        }
    }

    private static func unsealKey(_ file: VaultFile, passphrase: Passphrase, path: String) throws -> SymmetricKey {
        try ProcessHardening.apply()
        let keyEncryptionKey = try KeyDerivation.deriveKey(passphrase: passphrase, salt: file.salt, parameters: file.parameters)
        do {
            let box = try ChaChaPoly.SealedBox(combined: file.sealedKey)
            var keyBytes = try ChaChaPoly.open(box, using: keyEncryptionKey, authenticating: file.header)
            defer { keyBytes.resetBytes(in: 0..<keyBytes.count) }
            guard keyBytes.count == 32 else { throw VaultError.corrupted(path: path, reason: "bad data key", backup: nil) }
            return SymmetricKey(data: keyBytes)
        } catch {
            // The file's digest matched, so the bytes are as written: the passphrase is wrong.
            throw VaultError.wrongPassphrase(path: path)
        }
    }

    /// Refuses a file whose sealed data key is not the one this process holds: a key this
    /// process rekeyed away from means an old copy was put back; any other, a rekey elsewhere.
    private static func checkKey(of file: VaultFile, state: State, path: String) throws {
        guard file.sealedKey != state.sealedKey else { return }
        if state.retiredSealedKeys.contains(file.sealedKey) {
            throw VaultError.rolledBack(path: path, found: nil, seen: state.generation)
        }
        throw VaultError.rekeyedElsewhere(path: path)
    }

    /// Opens the payload of the vault file now on disk with this process's key, refusing a
    /// file rekeyed by another process or older than what this process has already seen.
    private static func unsealCurrent<T: Decodable>(_ file: VaultFile, state: State, path: String) throws -> (UInt64, T) {
        try checkKey(of: file, state: state, path: path)
        let (generation, payload): (UInt64, T) = try unsealPayload(file, dataKey: state.dataKey.key, path: path)
        guard generation >= state.generation else {
            throw VaultError.rolledBack(path: path, found: generation, seen: state.generation)
        }
        return (generation, payload)
    }

    /// The current file's generation and encoded payload, after the same checks as
    /// ``unsealCurrent(_:state:path:)``; the caller wipes the plaintext.
    private static func openCurrentPlaintext(_ file: VaultFile, state: State, path: String) throws -> (generation: UInt64, plain: Data) {
        try checkKey(of: file, state: state, path: path)
        var opened: (generation: UInt64, plain: Data)
        do {
            opened = try openPlaintext(file, dataKey: state.dataKey.key)
        } catch {
            throw VaultError.corrupted(path: path, reason: "the contents do not authenticate under this vault's key",
                backup: backup(for: path))
        }
        guard opened.generation >= state.generation else {
            let found = opened.generation
            // Wiped in place: a copy would leave this buffer behind.
            opened.plain.resetBytes(in: 0..<opened.plain.count)
            throw VaultError.rolledBack(path: path, found: found, seen: state.generation)
        }
        return opened
    }

    /// Refuses to write a payload a newer build wrote (see ``SchemaVersioned``).
    private static func refuseIfNewer(_ payload: Payload, path: String) throws {
        if let reason = refusal(for: payload) { throw VaultError.readOnly(path: path, reason: reason) }
    }

    private static func refusal(for payload: Payload) -> String? {
        (payload as? any SchemaVersioned)?.writeRefusal
    }

    /// The generation and the encoded payload; throws when the seal does not open.
    private static func openPlaintext(_ file: VaultFile, dataKey: SymmetricKey) throws -> (generation: UInt64, plain: Data) {
        let box = try ChaChaPoly.SealedBox(combined: file.sealedPayload)
        var framed = try ChaChaPoly.open(box, using: dataKey, authenticating: file.payloadAssociatedData)
        defer { framed.resetBytes(in: 0..<framed.count) }
        let marker = generationMarker.count
        guard Array(framed.prefix(marker)) == generationMarker else { return (0, Data(framed)) }
        // The marker without its 8-byte counter is damage, not a plaintext from before generations.
        guard framed.count >= marker + 8 else { throw CryptoKitError.incorrectParameterSize }
        let generation = framed.dropFirst(marker).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return (generation, Data(framed.dropFirst(marker + 8)))
    }

    private static func unsealPayload<T: Decodable>(_ file: VaultFile, dataKey: SymmetricKey, path: String) throws -> (UInt64, T) {
        var opened: (generation: UInt64, plain: Data)
        do {
            opened = try openPlaintext(file, dataKey: dataKey)
        } catch {
            throw VaultError.corrupted(path: path, reason: "the contents do not authenticate under this vault's key",
                backup: backup(for: path))
        }
        // Wiped in place: a copy would leave this buffer behind.
        defer { opened.plain.resetBytes(in: 0..<opened.plain.count) }
        do {
            return (opened.generation, try JSONDecoder().decode(T.self, from: opened.plain))
        } catch {
            // Contents a newer build wrote, with kinds this build cannot read, are not damage:
            // restoring the backup would throw away what that build stored.
            if let reason = (T.self as? any SchemaVersioned.Type)?.refusal(forUndecodable: opened.plain) {
                throw VaultError.unreadableNewer(path: path, reason: reason)
            }
            throw VaultError.corrupted(path: path, reason: "the decrypted contents are unreadable (\(error))", backup: backup(for: path))
        }
    }

    private static func parse(_ bytes: [UInt8], path: String, expecting kind: VaultFile.Kind) throws -> VaultFile {
        switch VaultFile.parse(bytes) {
        case .success(let file):
            guard file.kind == kind else { throw VaultError.notAVault(path: path) }
            if let cost = file.parameters.capViolation {
                throw VaultError.kdfParametersOutOfRange(parameters: file.parameters.description, cost: cost)
            }
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
