import Crypto
import Foundation
import Synchronization

/// Opens the sections of one format 2 vault file, on demand.
///
/// It holds the file open, so the sections it reads are those of the file it was made for even
/// after another write renames a new file over the path. Each section is checked against the
/// seal the manifest names for it, then authenticated, before its plaintext is returned.
public final class SectionReader: Sendable {
    /// The section names the file holds, in file order.
    public var names: [String] { manifest.entries.map(\.name) }

    /// The vault file.
    public let path: String
    let file: SectionedFile
    let manifest: Manifest
    /// The index digest of the file it reads: which contents it is.
    let indexDigest: [UInt8]
    private let handle: OpenFile
    private let dataKey: DataKey
    /// SHA-256 of the plaintext of every section opened so far, keyed by name, beside its
    /// seal identifier: a write re-seals a section only when its plaintext differs.
    private let opened = Mutex<[String: SectionStamp]>([:])

    init(handle: OpenFile, file: SectionedFile, manifest: Manifest, indexDigest: [UInt8], dataKey: DataKey) {
        self.path = handle.path
        self.indexDigest = indexDigest
        self.handle = handle
        self.file = file
        self.manifest = manifest
        self.dataKey = dataKey
    }

    /// Whether the file holds a section of this name.
    public func contains(_ name: String) -> Bool { manifest.entry(name) != nil }

    /// The plaintext of a section, or nil when the file has none of that name. The caller
    /// decodes and drops it; it may hold secrets.
    ///
    /// With `remembered` (the default), the plaintext's SHA-256 is kept, so a write can tell the
    /// section unchanged without sealing it again; a section read once to be replaced (a history
    /// chunk a check appends to) or only to be shown need not pay for it.
    ///
    /// - Throws: ``VaultError/corrupted(path:reason:backup:)`` when the section's bytes do not
    ///   match the manifest or do not authenticate.
    public func open(_ name: String, remembered: Bool = true) throws -> Data? {
        guard let entry = manifest.entry(name) else { return nil }
        let sealed = try sealedBytes(of: entry)
        guard Manifest.sealID(of: sealed) == entry.seal else {
            throw damage("the section \"\(name)\" does not match the manifest")
        }
        do {
            let box = try ChaChaPoly.SealedBox(combined: sealed)
            let plain = try ChaChaPoly.open(box, using: dataKey.key,
                authenticating: file.sectionAssociatedData(name: name, sealedAt: entry.sealedAt))
            if remembered {
                let stamp = SectionStamp(sealed: entry.seal, plain: Array(SHA256.hash(data: plain)))
                opened.withLock { $0[name] = stamp }
            }
            return plain
        } catch {
            throw damage("the section \"\(name)\" does not authenticate under this vault's key")
        }
    }

    /// The sealed bytes of a section, read from the file as they are.
    func sealedBytes(of entry: Manifest.Entry) throws -> [UInt8] {
        let bytes = try handle.read(at: file.sectionsStart + Int(entry.offset), count: Int(entry.length))
        guard bytes.count == Int(entry.length) else { throw damage("truncated") }
        return bytes
    }

    /// Reads `length` sealed bytes starting `offset` bytes into the sections region (one or
    /// more whole sections lying one after another) into `destination`.
    func readSealed(offset: UInt64, length: UInt64, into destination: UnsafeMutableRawPointer) throws {
        try handle.read(at: file.sectionsStart + Int(offset), count: Int(length), into: destination)
    }

    /// The file's bytes at `offset` (any part of the file, the header included).
    func fileBytes(at offset: Int, count: Int) throws -> [UInt8] {
        let bytes = try handle.read(at: offset, count: count)
        guard bytes.count == count else { throw damage("truncated") }
        return bytes
    }

    /// How long the file is up to the end of its sections.
    var sectionsEnd: Int { file.sectionsStart + Int(file.sectionsLength) }

    /// Copies `count` of the file's bytes at `offset` to the same place in `destination`,
    /// inside the kernel where it can.
    func copyFile(at offset: Int, count: Int, to destination: Int32, path destinationPath: String) throws {
        try handle.copy(at: offset, count: count, to: destination, at: offset, path: destinationPath)
    }

    /// The stamps of the sections opened so far.
    var stamps: [String: SectionStamp] { opened.withLock { $0 } }

    private func damage(_ reason: String) -> VaultError {
        VaultError.corrupted(path: path, reason: reason, backup: POSIX.exists(path + ".bak") ? path + ".bak" : nil)
    }
}

/// What a process knows of a section it opened or wrote: its seal identifier (the nonce) and
/// the SHA-256 of its plaintext.
struct SectionStamp: Equatable, Sendable {
    var sealed: [UInt8]
    var plain: [UInt8]
}

/// The data key, shareable across threads: `SymmetricKey` is an immutable value backed by
/// bytes that are zeroed when released, but swift-crypto 3 does not mark it `Sendable`.
struct DataKey: @unchecked Sendable {
    let key: SymmetricKey
}
