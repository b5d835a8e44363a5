import Crypto
import Foundation

/// A vault file as found on disk, checked as far as it can be without a key.
enum OnDiskVault {
    /// Format 1: one sealed payload (read whole).
    case one(VaultFile, digest: [UInt8])
    /// Format 2: the header and index, read and checked, and the file held open for its sections.
    case two(SectionedFile, digest: [UInt8], handle: OpenFile)

    /// How much of a format 2 file's end is read at once: the index of a vault of a thousand
    /// profiles (its manifest names a section per profile) fits.
    private static let tailRead = 256 * 1024
    /// How much of a file's start is read at once: a format 2 header, or a whole small format 1
    /// file.
    private static let prefixRead = 4096

    /// Reads the vault at `path`: the whole of a format 1 file, the header and index of a format 2 one.
    /// Damage, a foreign file, a newer version and KDF parameters beyond the caps are all
    /// reported here, before any key is derived.
    static func read(_ path: String) throws -> OnDiskVault {
        let handle = try OpenFile(path)
        let prefix = try handle.read(at: 0, count: prefixRead)
        let isSectioned = prefix.count >= 10 && Array(prefix[0..<8]) == VaultFile.magic
            && Int(prefix[8]) << 8 | Int(prefix[9]) == SectionedFile.version
        guard isSectioned else {
            let bytes = prefix.count < prefixRead ? prefix : try POSIX.readFile(path)
            let file = try VersionOneSeal.parse(bytes, path: path, expecting: .vault)
            return .one(file, digest: Array(SHA256.hash(data: bytes)))
        }
        let size = handle.size
        let corrupted = { (reason: String) in VaultFile.ParseFailure.corrupted(reason).error(path: path) }
        // Every read below must return what the size read at open promised: a file cut short
        // meanwhile (a backup copied over it in place) is reported, never sliced past its end.
        guard prefix.count == min(prefixRead, size), let headerLength = SectionedFile.headerLength(of: prefix),
            size >= headerLength + SectionedFile.minimumIndexLength + VaultFile.digestLength
        else {
            throw corrupted("truncated")
        }
        let tailStart = max(headerLength, size - tailRead)
        let tail = size <= prefix.count ? prefix[tailStart...] : try handle.read(at: tailStart, count: size - tailStart)[...]
        guard tail.count == size - tailStart else { throw corrupted("truncated") }
        guard let indexLength = SectionedFile.indexLength(fromEnd: tail), indexLength + VaultFile.digestLength <= size - headerLength else {
            throw corrupted("the index is damaged: the file was truncated or damaged")
        }
        let indexStart = size - VaultFile.digestLength - indexLength
        let index = indexStart >= tailStart
            ? tail[(tail.startIndex + indexStart - tailStart)..<(tail.endIndex - VaultFile.digestLength)]
            : try handle.read(at: indexStart, count: indexLength)[...]
        guard index.count == indexLength else { throw corrupted("truncated") }
        switch SectionedFile.parse(header: prefix[..<headerLength], index: index, sectionsLength: indexStart - headerLength) {
        case .success(let file):
            if let cost = file.parameters.capViolation {
                throw VaultError.kdfParametersOutOfRange(parameters: file.parameters.description, cost: cost)
            }
            return .two(file, digest: Array(index.suffix(VaultFile.digestLength)), handle: handle)
        case .failure(let failure):
            throw failure.error(path: path)
        }
    }

    /// The digest by which a process notices that someone else wrote the file: of the whole
    /// file in format 1, the index digest in format 2 (the index holds the manifest, which holds
    /// every section's seal).
    var digest: [UInt8] {
        switch self {
        case .one(_, let digest), .two(_, let digest, _): return digest
        }
    }

    var sealedKey: [UInt8] {
        switch self {
        case .one(let file, _): return file.sealedKey
        case .two(let file, _, _): return file.sealedKey
        }
    }

    var parameters: KDFParameters {
        switch self {
        case .one(let file, _): return file.parameters
        case .two(let file, _, _): return file.parameters
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
        case .two(let file, _, _): (header, salt) = (file.header, file.salt)
        }
        return try KeySeal.openReturningKEK(sealedKey, header: header, salt: salt, parameters: parameters,
            passphrase: passphrase, path: path)
    }

    /// A reader of a format 2 file's sections: the manifest opened with the data key. Nil for
    /// format 1.
    func sectionReader(dataKey: DataKey) throws -> SectionReader? {
        guard case .two(let file, let digest, let handle) = self else { return nil }
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
        return SectionReader(handle: handle, file: file, manifest: manifest, indexDigest: digest,
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
