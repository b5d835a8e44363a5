import Crypto
import Foundation
import Synchronization

/// A single-file encrypted store for one payload, kept as separately sealed sections.
///
/// A random 256-bit data key encrypts every section (ChaCha20-Poly1305, fresh nonce each time
/// one is sealed); the data key is sealed under a key derived from the passphrase with scrypt.
/// The key is derived once, when the vault is opened or created, and only the derived data key
/// stays in memory. Every write is atomic, keeps the previous generation as `<path>.bak`, and
/// happens under an advisory lock on `<path>.lock`; it seals a new manifest (generation and
/// each section's seal) and seals again only the sections whose plaintext changed.
///
/// A process remembers the highest generation it has seen and refuses an older one (a genuine
/// old copy written back over the file) instead of adopting it. It also remembers the sealed
/// data key it unlocked: when another process rekeys the vault, the next read or write stops
/// with ``VaultError/rekeyedElsewhere(path:)`` instead of writing under the old key.
///
/// A format 1 vault (one sealed payload) still opens; its first write keeps it as
/// `<path>.v1.bak` and writes format 2. The vault knows nothing about what it stores.
public final class Vault<Payload: SectionedPayload>: Sendable {
    /// The vault file.
    public let path: String
    /// The previous generation, kept by every save.
    public var backupPath: String { path + ".bak" }
    /// The format 1 file as it was before its first format 2 write.
    public var versionOneBackupPath: String { path + ".v1.bak" }
    /// The advisory lock file.
    public var lockPath: String { path + ".lock" }

    struct State: Sendable {
        var dataKey: DataKey
        /// The digest of the file as last read or written, to notice writes by others.
        var digest: [UInt8]
        var parameters: KDFParameters
        /// The sealed data key of the file this process unlocked or rekeyed: a different one
        /// on disk means another process rekeyed the vault.
        var sealedKey: [UInt8]
        /// The highest generation read or written.
        var generation: UInt64
        /// Sealed data keys this process rekeyed or converted away from: one of them on disk
        /// again means an old copy was put back, not that someone else rekeyed.
        var retiredSealedKeys: [[UInt8]] = []
        /// Set when the contents last read were written by a newer build (``SchemaVersioned``):
        /// then no write goes through, not even `save` of a payload built from scratch.
        var writeRefusal: String?
        /// The vault identity: nil while the file is format 1.
        var identity: [UInt8]?
        /// The format version of the file as last read or written.
        var version: Int
        /// The salt of the key sealing the data key.
        var salt: [UInt8]
        /// While the file is format 1: the key derived from the passphrase, to seal the data
        /// key under the format 2 header at the first write. Dropped after it.
        var conversionKey: DataKey?
        /// What this process knows of each section's sealed and plain bytes.
        var stamps: [String: SectionStamp] = [:]
        /// Called once, after the write that converts a format 1 vault.
        var onConversion: (@Sendable (String) -> Void)?
    }

    let state: Mutex<State>

    init(path: String, state: State) {
        self.path = path
        self.state = Mutex(state)
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

    /// The format version of the file as last read or written (1 until a format 1 vault's
    /// first write).
    public var formatVersion: Int { state.withLock { $0.version } }

    /// The vault identity as 32 hex digits: drawn when the vault is created (or first written as
    /// format 2), kept by every write and by rekey. Nil for a format 1 file not yet written.
    public var identity: String? {
        state.withLock { $0.identity.map(Hex.string) }
    }

    /// Calls `notice` once, after the write that converts a format 1 vault to format 2, with a
    /// sentence for the user saying where the format 1 file was kept.
    public func whenConverted(_ notice: @escaping @Sendable (String) -> Void) {
        state.withLock { $0.onConversion = notice }
    }

    // MARK: Creating and opening

    /// Creates a new vault holding `payload`. The folder is created 0700 and the file 0600.
    ///
    /// - Throws: ``VaultError/alreadyExists(path:)`` rather than overwrite anything.
    public static func create(at path: String, passphrase: Passphrase, parameters: KDFParameters = .default,
        payload: Payload) throws -> Vault
    {
        try POSIX.makeDirectories(POSIX.directory(of: path), mode: 0o700)
        let dataKey = SymmetricKey(size: .bits256)
        let salt = SecureRandom.bytes(32)
        try ProcessHardening.apply()
        let keyEncryptionKey = try KeyDerivation.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters)
        return try FileLock.withExclusiveLock(path + ".lock") {
            guard !POSIX.exists(path) else { throw VaultError.alreadyExists(path: path) }
            let vault = Vault(path: path, state: State(dataKey: DataKey(key: dataKey), digest: [], parameters: parameters,
                sealedKey: [], generation: 0, identity: SecureRandom.bytes(SectionedFile.identityLength),
                version: SectionedFile.version, salt: salt, conversionKey: DataKey(key: keyEncryptionKey)))
            try vault.state.withLock { state in
                try vault.write(payload, current: nil, state: &state, keepBackup: false)
            }
            return vault
        }
    }

    /// Opens a vault with its passphrase and returns it with its contents (the sections the
    /// payload reads when it is made; it may read others later).
    public static func open(at path: String, passphrase: Passphrase) throws -> (vault: Vault, payload: Payload) {
        try checkPermissions(path)
        let disk = try OnDiskVault.read(path)
        let (dataKey, keyEncryptionKey) = try disk.unsealKey(passphrase: passphrase, path: path)
        var state = State(dataKey: DataKey(key: dataKey), digest: disk.digest, parameters: disk.parameters,
            sealedKey: disk.sealedKey, generation: 0, version: disk.version, salt: [])
        let (generation, payload, stamps) = try decode(disk, state: state, path: path)
        state.generation = generation
        state.stamps = stamps
        state.writeRefusal = payload.writeRefusal
        switch disk {
        case .one(let file, _):
            state.salt = file.salt
            // Kept for the write that converts it (in memory only, like the data key).
            state.conversionKey = DataKey(key: keyEncryptionKey)
        case .two(let file, _, _):
            state.salt = file.salt
            state.identity = file.identity
        }
        return (Vault(path: path, state: state), payload)
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
        let disk = try OnDiskVault.read(path)
        return try state.withLock { state in
            Self.adoptConversion(disk, state: &state)
            try Self.checkKey(of: disk, state: state, path: path)
            let (generation, payload, stamps) = try Self.decode(disk, state: state, path: path)
            try Self.refuseRollback(to: generation, state: state, path: path)
            state.digest = disk.digest
            state.parameters = disk.parameters
            state.generation = generation
            state.stamps = stamps
            state.writeRefusal = payload.writeRefusal
            return payload
        }
    }

    /// Writes `payload` over the vault, but only if nobody else wrote since this process last
    /// read or wrote it.
    ///
    /// - Throws: ``VaultError/changedOnDisk(path:)`` instead of dropping another process's change.
    public func save(_ payload: Payload) throws {
        if let reason = payload.writeRefusal { throw VaultError.readOnly(path: path, reason: reason) }
        try FileLock.withExclusiveLock(lockPath) {
            let disk = try OnDiskVault.read(path)
            try state.withLock { state in
                if let reason = state.writeRefusal { throw VaultError.readOnly(path: path, reason: reason) }
                Self.adoptConversion(disk, state: &state)
                try Self.checkKey(of: disk, state: state, path: path)
                guard disk.digest == state.digest else { throw VaultError.changedOnDisk(path: path) }
                // A payload read from an older file (before a reload or a write since) would mix
                // its sections with the sections it kept unread from the current one.
                if let source = payload.sectionSource, source.indexDigest != disk.digest {
                    throw VaultError.changedOnDisk(path: path)
                }
                // The reader the payload came from is of this very file: its manifest is not
                // opened and parsed again.
                try write(payload, current: disk, reader: payload.sectionSource ?? Self.reader(disk, state: state), state: &state)
            }
        }
    }

    /// Reads the latest contents under the lock, lets `body` change them, and writes the
    /// result: the read-modify-write every command uses, so concurrent writers merge rather
    /// than overwrite each other.
    @discardableResult
    public func update<T>(_ body: (inout Payload) throws -> T) throws -> (result: T, payload: Payload) {
        try FileLock.withExclusiveLock(lockPath) {
            let disk = try OnDiskVault.read(path)
            return try state.withLock { state in
                Self.adoptConversion(disk, state: &state)
                try Self.checkKey(of: disk, state: state, path: path)
                let reader = try Self.reader(disk, state: state)
                var (generation, payload, stamps) = try Self.decode(disk, reader: reader, state: state, path: path)
                try Self.refuseRollback(to: generation, state: state, path: path)
                state.generation = generation
                state.digest = disk.digest
                state.stamps = stamps
                state.writeRefusal = payload.writeRefusal
                if let reason = state.writeRefusal { throw VaultError.readOnly(path: path, reason: reason) }
                let result = try body(&payload)
                try write(payload, current: disk, reader: reader, state: &state)
                return (result, payload)
            }
        }
    }

    /// What happened to a backup when the vault was rekeyed.
    public typealias BackupAfterRekey = VaultBackupAfterRekey

    /// Draws a new data key, reseals the contents under it and the data key under a new
    /// passphrase (new salt, optionally new KDF parameters), and does the same to the backups
    /// (`<path>.bak` and `<path>.v1.bak`), so neither the old passphrase nor the old data key
    /// opens anything written from now on or anything left beside the vault. The vault
    /// identity stays.
    ///
    /// - Returns: what became of `<path>.bak`.
    @discardableResult
    public func rekey(to passphrase: Passphrase, parameters: KDFParameters? = nil) throws -> BackupAfterRekey {
        try rekeyAll(to: passphrase, parameters: parameters).first ?? .none
    }

    /// ``rekey(to:parameters:)``, returning what became of each backup: `<path>.bak`, then each
    /// kept format 1 file (`<path>.v1.bak`, and any `<path>.v1-<time>.bak`), in name order.
    @discardableResult
    public func rekeyAll(to passphrase: Passphrase, parameters: KDFParameters? = nil) throws -> [BackupAfterRekey] {
        let newParameters = parameters ?? self.parameters
        let salt = SecureRandom.bytes(32)
        try ProcessHardening.apply()
        let keyEncryptionKey = try KeyDerivation.deriveKey(passphrase: passphrase, salt: salt, parameters: newParameters)
        let newKey = Rekey.Keys(dataKey: SymmetricKey(size: .bits256), keyEncryptionKey: keyEncryptionKey, salt: salt,
            parameters: newParameters)
        return try FileLock.withExclusiveLock(lockPath) {
            let disk = try OnDiskVault.read(path)
            return try state.withLock { state in
                try Self.checkKey(of: disk, state: state, path: path)
                let oldDataKey = state.dataKey.key
                // The contents are resealed as they are, never decoded and re-encoded: a payload
                // a newer build wrote keeps everything this build does not understand.
                let resealed = try Rekey.reseal(disk, oldDataKey: oldDataKey, newKey: newKey, minimumGeneration: state.generation,
                    path: path)
                AtomicFile.removeStaleTemporaries(besides: path)
                // The backups first: resealed under the new key (or removed) before the vault
                // changes, so at no instant after the rekey does an old-key backup exist, and a
                // failure here leaves the vault as it was. The previous generation stays the
                // backup, rather than the old-key file the vault write would link there.
                let backups = try ([backupPath] + versionOneBackups()).map { backup in
                    try Rekey.resealBackup(at: backup, oldDataKey: oldDataKey, newKey: newKey)
                }
                try AtomicFile.write(resealed.bytes, to: path, keepBackup: false)
                state = State(dataKey: DataKey(key: newKey.dataKey), digest: resealed.digest, parameters: newParameters,
                    sealedKey: resealed.sealedKey, generation: resealed.generation,
                    retiredSealedKeys: state.retiredSealedKeys + [state.sealedKey], identity: state.identity,
                    version: disk.version, salt: salt,
                    conversionKey: disk.version == VaultFile.currentVersion ? DataKey(key: keyEncryptionKey) : nil,
                    onConversion: state.onConversion)
                return backups
            }
        }
    }

    // MARK: Decoding

    /// A reader of the sections of a format 2 file, with this process's key.
    private static func reader(_ disk: OnDiskVault, state: State) throws -> SectionReader? {
        try disk.sectionReader(dataKey: state.dataKey)
    }

    static func decode(_ disk: OnDiskVault, state: State, path: String) throws
        -> (generation: UInt64, payload: Payload, stamps: [String: SectionStamp])
    {
        try decode(disk, reader: try reader(disk, state: state), state: state, path: path)
    }

    private static func decode(_ disk: OnDiskVault, reader: SectionReader?, state: State, path: String) throws
        -> (generation: UInt64, payload: Payload, stamps: [String: SectionStamp])
    {
        if let reader {
            do {
                let payload = try Payload(sections: reader)
                return (reader.manifest.generation, payload, reader.stamps)
            } catch SectionedPayloadError.newerSchema(let reason) {
                throw VaultError.unreadableNewer(path: path, reason: reason)
            } catch SectionedPayloadError.unreadable(let section, let reason) {
                throw VaultError.corrupted(path: path, reason: "the section \"\(section)\" is unreadable (\(reason))",
                    backup: backup(for: path))
            }
        }
        guard case .one(let file, _) = disk else { throw VaultError.payload("no reader for a format 2 file") }
        var opened: (generation: UInt64, plain: Data)
        do {
            opened = try VersionOneSeal.open(file, dataKey: state.dataKey.key)
        } catch {
            throw VaultError.corrupted(path: path, reason: "the contents do not authenticate under this vault's key",
                backup: backup(for: path))
        }
        // Wiped in place: a copy would leave this buffer behind.
        defer { opened.plain.resetBytes(in: 0..<opened.plain.count) }
        do {
            return (opened.generation, try Payload(legacy: opened.plain), [:])
        } catch {
            // Contents a newer build wrote, with kinds this build cannot read, are not damage:
            // restoring the backup would throw away what that build stored.
            if let reason = Payload.refusal(forUndecodable: opened.plain) {
                throw VaultError.unreadableNewer(path: path, reason: reason)
            }
            throw VaultError.corrupted(path: path, reason: "the decrypted contents are unreadable (\(error))", backup: backup(for: path))
        }
    }

    /// Another process converted the format 1 file this process read: the data key is the same,
    /// sealed again under format 2's header. The manifest opening with this process's data key
    /// proves it (its associated data holds the new sealed key), so the new sealed key, identity
    /// and version are adopted and the old sealed key retired (the format 1 file put back would
    /// then read as a rollback).
    private static func adoptConversion(_ disk: OnDiskVault, state: inout State) {
        guard state.version == VaultFile.currentVersion, case .two(let file, _, _) = disk, file.sealedKey != state.sealedKey,
            (try? disk.sectionReader(dataKey: state.dataKey)) != nil
        else { return }
        state.retiredSealedKeys.append(state.sealedKey)
        state.sealedKey = file.sealedKey
        state.identity = file.identity
        state.version = SectionedFile.version
        state.salt = file.salt
        state.conversionKey = nil
    }

    /// Refuses a file whose sealed data key is not the one this process holds: a key this
    /// process rekeyed away from means an old copy was put back; any other, a rekey elsewhere.
    private static func checkKey(of disk: OnDiskVault, state: State, path: String) throws {
        let sealedKey = disk.sealedKey
        guard sealedKey != state.sealedKey else { return }
        if state.retiredSealedKeys.contains(sealedKey) {
            throw VaultError.rolledBack(path: path, found: nil, seen: state.generation)
        }
        throw VaultError.rekeyedElsewhere(path: path)
    }

    private static func refuseRollback(to generation: UInt64, state: State, path: String) throws {
        guard generation >= state.generation else {
            throw VaultError.rolledBack(path: path, found: generation, seen: state.generation)
        }
    }

    /// For `doctor`: whether the chain states the manifest keeps (the trailing digest's state
    /// after each section, which the next write resumes from) match the file's bytes. Reads
    /// the file up to the end of its sections; nil for a format 1 file.
    public func chainStatesMatchFile() throws -> Bool? {
        let disk = try OnDiskVault.read(path)
        guard let reader = try state.withLock({ try Self.reader(disk, state: $0) }) else { return nil }
        let bytes = try reader.fileBytes(at: 0, count: reader.sectionsEnd)
        let recomputed = SectionedFile.chained(reader.manifest.entries, prefix: bytes, sectionsStart: reader.file.sectionsStart)
        return recomputed.map(\.chain) == reader.manifest.entries.map(\.chain)
    }

    // MARK: Writing

    private func write(_ payload: Payload, current disk: OnDiskVault?, reader: SectionReader?, state: inout State) throws {
        let converting = disk.map { $0.version == VaultFile.currentVersion } ?? false
        // The format 1 file is kept as it is before anything else is written.
        let kept = converting ? try keepVersionOneFile() : nil
        try write(payload, current: reader, state: &state, keepBackup: true)
        if let kept, let notice = state.onConversion {
            notice("converted \(path) to vault format 2; the format 1 file is kept as \(kept) (an older ztenant can still open that copy; delete it once you no longer need it)")
        }
    }

    /// Copies the format 1 file to `<path>.v1.bak` and returns where it went. An existing copy is
    /// never replaced: one that already holds these bytes (a conversion a crash interrupted) is
    /// kept as it is; otherwise the copy goes to `<path>.v1-<seconds since 1970>[-n].bak`.
    private func keepVersionOneFile() throws -> String {
        let bytes = try POSIX.readFile(path)
        var candidates = [versionOneBackupPath]
        let stamp = Int(Date().timeIntervalSince1970)
        candidates += [path + ".v1-\(stamp).bak"] + (1...99).map { path + ".v1-\(stamp)-\($0).bak" }
        for candidate in candidates {
            do {
                try AtomicFile.create(bytes, at: candidate)
                return candidate
            } catch VaultError.fileExists {
                if (try? POSIX.readFile(candidate)) == bytes { return candidate }
            }
        }
        throw VaultError.fileExists(path: versionOneBackupPath)
    }

    /// The kept format 1 files beside the vault, in name order.
    func versionOneBackups() -> [String] {
        let folder = POSIX.directory(of: path)
        let name = String(path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...])
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let kept = entries.filter { $0 == name + ".v1.bak" || ($0.hasPrefix(name + ".v1-") && $0.hasSuffix(".bak")) }
        return kept.sorted().map { folder + "/" + $0 }
    }

    private func write(_ payload: Payload, current reader: SectionReader?, state: inout State, keepBackup: Bool) throws {
        if let reason = payload.writeRefusal { throw VaultError.readOnly(path: path, reason: reason) }
        let generation = state.generation + 1
        let identity = state.identity ?? SecureRandom.bytes(SectionedFile.identityLength)
        var file = SectionedFile(parameters: state.parameters, salt: state.salt, identity: identity, sealedKey: state.sealedKey,
            sealedManifest: [], sectionsLength: 0)
        var retired: [UInt8]?
        if let keyEncryptionKey = state.conversionKey {
            // A new vault, or the first write of a format 1 one: the data key is sealed under
            // this header, which names format 2 and the identity.
            file.sealedKey = try KeySeal.seal(state.dataKey.key, under: keyEncryptionKey.key, header: file.header)
            if !state.sealedKey.isEmpty { retired = state.sealedKey }
        }
        var stamps: [String: SectionStamp] = [:]
        var indexDigest: [UInt8] = []
        AtomicFile.removeStaleTemporaries(besides: path)
        try AtomicFile.write(to: path, keepBackup: keepBackup) { fd, temp in
            // The current file's bytes are copied into the new one on another thread while the
            // payload is encoded; the write keeps those of the sections it leaves in place.
            let copy = reader.flatMap { $0.file.header == file.header ? PrefixCopy(from: $0, to: fd, temp: temp) : nil }
            defer { try? copy?.join() }
            var sections: [(name: String, content: SectionContent)]
            do {
                sections = try payload.sectionsForWriting()
            } catch {
                throw VaultError.payload("cannot encode: \(error)")
            }
            var pieces: [(name: String, piece: SectionPiece)] = []
            defer {
                // Plaintexts not sealed because something failed are wiped all the same.
                for index in pieces.indices {
                    if case .fresh(var plain, _) = pieces[index].piece {
                        pieces[index].piece = .placed
                        plain.resetBytes(in: 0..<plain.count)
                    }
                }
            }
            try Self.collect(&pieces, of: &sections, current: reader, known: state.stamps, stamps: &stamps)
            var writer = SectionedWrite(file: file, generation: generation, dataKey: state.dataKey, reader: reader)
            indexDigest = try writer.write(&pieces, into: fd, temp: temp, copy: copy)
        }
        state.digest = indexDigest
        state.generation = generation
        state.identity = identity
        state.version = SectionedFile.version
        state.sealedKey = file.sealedKey
        state.conversionKey = nil
        state.stamps = stamps
        if let retired { state.retiredSealedKeys.append(retired) }
    }

    /// Appends what each section will be: carried over from the current file as it is, or sealed anew
    /// under a nonce drawn now (the manifest names each seal by its nonce). A plaintext equal
    /// to what this process read or wrote under that name (`known`, and the reader's own) is
    /// carried; `stamps` gets what the new file's sections are known to hold.
    private static func collect(_ pieces: inout [(name: String, piece: SectionPiece)],
        of sections: inout [(name: String, content: SectionContent)], current reader: SectionReader?,
        known: [String: SectionStamp], stamps: inout [String: SectionStamp]) throws
    {
        pieces.reserveCapacity(sections.count)
        let readerStamps = reader?.stamps ?? [:]
        var names = Set<String>(minimumCapacity: sections.count)
        for index in sections.indices {
            let name = sections[index].name
            guard names.insert(name).inserted else { throw VaultError.payload("two sections named \"\(name)\"") }
            let old = reader?.manifest.entry(name)
            guard case .plaintext(var plain) = sections[index].content else {
                guard let old else { throw VaultError.payload("the section \"\(name)\" was to be kept, but the file has none") }
                pieces.append((name, .carried(old)))
                if let stamp = readerStamps[name] ?? known[name], stamp.sealed == old.seal { stamps[name] = stamp }
                continue
            }
            // The list lets go of the plaintext, so wiping reaches its only copy.
            sections[index].content = .unchanged
            // Compared only with what this process read or wrote under that name; a section it
            // never remembered (a history chunk) is sealed without hashing its plaintext.
            let stamp = readerStamps[name] ?? known[name]
            let plainDigest = stamp.map { _ in Array(SHA256.hash(data: plain)) }
            if let old, let stamp, stamp.sealed == old.seal, stamp.plain == plainDigest {
                pieces.append((name, .carried(old)))
                stamps[name] = stamp
                plain.resetBytes(in: 0..<plain.count)
            } else {
                let nonce = ChaChaPoly.Nonce()
                pieces.append((name, .fresh(plain, nonce: nonce)))
                plain = Data()
                if let plainDigest { stamps[name] = SectionStamp(sealed: Array(nonce), plain: plainDigest) }
            }
        }
    }

    private static func backup(for path: String) -> String? {
        POSIX.exists(path + ".bak") ? path + ".bak" : nil
    }
}
