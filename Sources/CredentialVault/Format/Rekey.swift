import Crypto
import Foundation

/// What happened to a backup when the vault was rekeyed.
public enum VaultBackupAfterRekey: Sendable, Equatable {
    /// There was no backup.
    case none
    /// The backup was resealed under the new passphrase and data key.
    case resealed(path: String)
    /// The backup could not be opened with this vault's old key, so it was removed.
    case removed(path: String)
}

/// Resealing a vault file (either format) under a new data key and passphrase, its plaintexts
/// unchanged and never decoded.
enum Rekey {
    struct Keys {
        var dataKey: SymmetricKey
        var keyEncryptionKey: SymmetricKey
        var salt: [UInt8]
        var parameters: KDFParameters
    }

    struct Resealed {
        var bytes: [UInt8]
        var digest: [UInt8]
        var sealedKey: [UInt8]
        var generation: UInt64
    }

    /// The file resealed at the next generation; refuses contents older than `minimumGeneration`.
    static func reseal(_ disk: OnDiskVault, oldDataKey: SymmetricKey, newKey: Keys, minimumGeneration: UInt64?, path: String)
        throws -> Resealed
    {
        let damage = { (reason: String) in
            VaultError.corrupted(path: path, reason: reason, backup: POSIX.exists(path + ".bak") ? path + ".bak" : nil)
        }
        switch disk {
        case .one(let file, _):
            var opened: (generation: UInt64, plain: Data)
            do {
                opened = try VersionOneSeal.open(file, dataKey: oldDataKey)
            } catch {
                throw damage("the contents do not authenticate under this vault's key")
            }
            defer { opened.plain.resetBytes(in: 0..<opened.plain.count) }
            if let minimumGeneration, opened.generation < minimumGeneration {
                throw VaultError.rolledBack(path: path, found: opened.generation, seen: minimumGeneration)
            }
            // Contents that authenticate but are not JSON are reported, not resealed.
            guard (try? JSONSerialization.jsonObject(with: opened.plain)) != nil else {
                throw damage("the decrypted contents are unreadable")
            }
            let generation = opened.generation + (minimumGeneration == nil ? 0 : 1)
            let resealed = try VersionOneSeal.seal(opened.plain, generation: generation, kind: .vault, dataKey: newKey.dataKey,
                keyEncryptionKey: newKey.keyEncryptionKey, salt: newKey.salt, parameters: newKey.parameters)
            let bytes = resealed.serialized()
            return Resealed(bytes: bytes, digest: Array(SHA256.hash(data: bytes)), sealedKey: resealed.sealedKey,
                generation: generation)
        case .two(let file, _, _):
            guard let reader = try disk.sectionReader(dataKey: DataKey(key: oldDataKey)) else { throw damage("not format 2") }
            let old = reader.manifest
            if let minimumGeneration, old.generation < minimumGeneration {
                throw VaultError.rolledBack(path: path, found: old.generation, seen: minimumGeneration)
            }
            let generation = old.generation + (minimumGeneration == nil ? 0 : 1)
            var resealed = SectionedFile(parameters: newKey.parameters, salt: newKey.salt, identity: file.identity, sealedKey: [],
                sealedManifest: [], sectionsLength: 0)
            let header = resealed.header
            resealed.sealedKey = try KeySeal.seal(newKey.dataKey, under: newKey.keyEncryptionKey, header: header)
            var body = header
            var entries: [Manifest.Entry] = []
            for entry in old.entries {
                guard var plain = try reader.open(entry.name) else { continue }
                defer { plain.resetBytes(in: 0..<plain.count) }
                let sealed = Array(try ChaChaPoly.seal(plain, using: newKey.dataKey,
                    authenticating: resealed.sectionAssociatedData(name: entry.name, sealedAt: generation)).combined)
                entries.append(Manifest.Entry(name: entry.name, sealedAt: generation, offset: UInt64(body.count - header.count),
                    length: UInt64(sealed.count), seal: Manifest.sealID(of: sealed), chain: []))
                body += sealed
            }
            entries = SectionedFile.chained(entries, prefix: body, sectionsStart: header.count)
            resealed.sealedManifest = Array(try ChaChaPoly.seal(Manifest(generation: generation, entries: entries).serialized(),
                using: newKey.dataKey, authenticating: resealed.manifestAssociatedData).combined)
            resealed.sectionsLength = UInt64(body.count - header.count)
            let index = resealed.serializedIndex()
            return Resealed(bytes: SectionedFile.assemble(header: header, sections: Array(body[header.count...]), index: index),
                digest: Array(index.suffix(VaultFile.digestLength)), sealedKey: resealed.sealedKey, generation: generation)
        }
    }

    /// Reseals a backup under the new keys, or removes it when the old data key does not open
    /// it (so no file beside the vault opens with the old passphrase afterwards).
    static func resealBackup(at backupPath: String, oldDataKey: SymmetricKey, newKey: Keys) throws -> VaultBackupAfterRekey {
        guard POSIX.exists(backupPath) else { return .none }
        let resealed: Resealed?
        do {
            resealed = try reseal(try OnDiskVault.read(backupPath), oldDataKey: oldDataKey, newKey: newKey, minimumGeneration: nil,
                path: backupPath)
        } catch VaultError.io(let path, let operation, let message) {
            // Not a backup the old key cannot open: one that could not be read. Kept, and said.
            throw VaultError.io(path: path, operation: operation, message: message)
        } catch {
            resealed = nil
        }
        if let resealed {
            try AtomicFile.write(resealed.bytes, to: backupPath, keepBackup: false)
            return .resealed(path: backupPath)
        }
        guard unlink(backupPath) == 0 else { throw POSIX.fail(backupPath, "remove the old-key backup") }
        try POSIX.syncDirectory(POSIX.directory(of: backupPath))
        return .removed(path: backupPath)
    }
}
