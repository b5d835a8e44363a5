import Crypto
import Foundation

/// A vault file as found on disk, checked as far as it can be without a key.
enum OnDiskVault {
    /// Format 1: one sealed payload (read whole).
    case one(VaultFile, digest: [UInt8])
    /// Format 2: the front, read and checked, and the file held open for its sections.
    case two(SectionedFile, frontLength: Int, digest: [UInt8], handle: OpenFile)

    /// Reads the vault at `path`: the whole of a format 1 file, the front of a format 2 one.
    /// Damage, a foreign file, a newer version and KDF parameters beyond the caps are all
    /// reported here, before any key is derived.
    static func read(_ path: String) throws -> OnDiskVault {
        let handle = try OpenFile(path)
        let prefix = try handle.read(at: 0, count: 4096)
        let isSectioned = prefix.count >= 10 && Array(prefix[0..<8]) == VaultFile.magic
            && Int(prefix[8]) << 8 | Int(prefix[9]) == SectionedFile.version
        guard isSectioned else {
            let bytes = prefix.count < 4096 ? prefix : try POSIX.readFile(path)
            let file = try VersionOneSeal.parse(bytes, path: path, expecting: .vault)
            return .one(file, digest: Array(SHA256.hash(data: bytes)))
        }
        guard let frontLength = SectionedFile.frontLength(of: prefix), frontLength <= handle.size else {
            throw VaultFile.ParseFailure.corrupted("truncated").error(path: path)
        }
        let front = frontLength <= prefix.count ? Array(prefix[0..<frontLength]) : try handle.read(at: 0, count: frontLength)
        switch SectionedFile.parse(front: front) {
        case .success(let file):
            // Compared without adding to the stated length: a crafted one may be near UInt64.max.
            let rest = handle.size - frontLength
            guard rest >= VaultFile.digestLength, UInt64(rest - VaultFile.digestLength) == file.sectionsLength else {
                throw VaultFile.ParseFailure.corrupted("the file's length does not match its sections: truncated or damaged")
                    .error(path: path)
            }
            if let cost = file.parameters.capViolation {
                throw VaultError.kdfParametersOutOfRange(parameters: file.parameters.description, cost: cost)
            }
            return .two(file, frontLength: frontLength, digest: Array(front.suffix(VaultFile.digestLength)), handle: handle)
        case .failure(let failure):
            throw failure.error(path: path)
        }
    }

    /// The digest by which a process notices that someone else wrote the file: of the whole
    /// file in format 1, the front digest in format 2 (the front holds the manifest, which holds
    /// every section's seal).
    var digest: [UInt8] {
        switch self {
        case .one(_, let digest), .two(_, _, let digest, _): return digest
        }
    }

    var sealedKey: [UInt8] {
        switch self {
        case .one(let file, _): return file.sealedKey
        case .two(let file, _, _, _): return file.sealedKey
        }
    }

    var parameters: KDFParameters {
        switch self {
        case .one(let file, _): return file.parameters
        case .two(let file, _, _, _): return file.parameters
        }
    }

    var version: Int {
        switch self {
        case .one: return VaultFile.currentVersion
        case .two: return SectionedFile.version
        }
    }

    /// Opens the data key with the passphrase; returns it with the key derived from the
    /// passphrase (a format 1 vault's first write seals the data key again under format 2's
    /// header with it, so the KDF runs once).
    func unsealKey(passphrase: Passphrase, path: String) throws -> (dataKey: SymmetricKey, keyEncryptionKey: SymmetricKey) {
        let (header, salt): ([UInt8], [UInt8])
        switch self {
        case .one(let file, _): (header, salt) = (file.header, file.salt)
        case .two(let file, _, _, _): (header, salt) = (file.header, file.salt)
        }
        return try KeySeal.openReturningKEK(sealedKey, header: header, salt: salt, parameters: parameters,
            passphrase: passphrase, path: path)
    }

    /// A reader of a format 2 file's sections: the manifest opened with the data key. Nil for
    /// format 1.
    func sectionReader(dataKey: DataKey) throws -> SectionReader? {
        guard case .two(let file, let frontLength, let digest, let handle) = self else { return nil }
        let damage = { (reason: String) in
            VaultError.corrupted(path: handle.path, reason: reason, backup: POSIX.exists(handle.path + ".bak") ? handle.path + ".bak" : nil)
        }
        var plain: Data
        do {
            plain = try ChaChaPoly.open(ChaChaPoly.SealedBox(combined: file.sealedManifest), using: dataKey.key,
                authenticating: file.manifestAssociatedData)
        } catch {
            throw damage("the manifest does not authenticate under this vault's key")
        }
        defer { plain.resetBytes(in: 0..<plain.count) }
        guard let manifest = Manifest.parse(Array(plain)), manifest.sectionsLength == file.sectionsLength else {
            throw damage("the manifest is unreadable")
        }
        return SectionReader(handle: handle, file: file, manifest: manifest, frontLength: frontLength, frontDigest: digest,
            dataKey: dataKey)
    }
}

/// Random bytes from the system's generator.
enum SecureRandom {
    static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
