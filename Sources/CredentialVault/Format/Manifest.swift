/// What a format 2 vault holds: sealed on every write, it names each section with where it
/// lies, the generation that sealed it and the SHA-256 of its sealed bytes.
///
/// ```
/// plaintext (big-endian integers)
///  4   marker "ZTM2"
///  8   generation: one more on every write
///  4   section count, then per section:
///      2 name length, name (UTF-8) · 8 sealed-at generation · 8 offset after the header
///      · 8 length · 12 the nonce it was sealed under
///      · 32 chain state: SHA-256's eight working words after the file's bytes up to the last
///        64-byte boundary at or before the section's end
/// ```
///
/// The chain states let a write that keeps the first sections where they were resume the
/// trailing digest after them rather than hash them again (they are states of a hash of
/// ciphertext that lies in the file anyway, so they reveal nothing the file does not).
///
/// The nonce names one sealing: ztenant never seals twice under one nonce (they are random, 96
/// bits), and no one without the data key can make other bytes that open under it, so it binds
/// the manifest to the exact sealed bytes as a hash would, without hashing them. A section
/// copied from an older generation (or from a copy of the vault written apart) no longer
/// matches its entry here; one from another vault or another format version does not
/// authenticate (its associated data holds the header, with the vault identity and the version).
struct Manifest: Equatable, Sendable {
    static let marker: [UInt8] = Array("ZTM2".utf8)

    struct Entry: Equatable, Sendable {
        var name: String
        var sealedAt: UInt64
        var offset: UInt64
        var length: UInt64
        /// The nonce the section was sealed under (``Manifest/sealID(of:)``).
        var seal: [UInt8]
        /// The trailing digest's chaining state at ``chainMark(sectionsStart:)``.
        var chain: [UInt8]

        /// The file offset the chain state is taken at: the last block boundary at or before
        /// the section's end.
        func chainMark(sectionsStart: Int) -> Int {
            let end = sectionsStart + Int(offset + length)
            return end - end % ChainedSHA256.blockLength
        }
    }

    /// How long a seal identifier is: ChaCha20-Poly1305's 12-byte nonce.
    static let sealIDLength = 12

    /// What sealing adds to a plaintext: the nonce and the 16-byte tag.
    static let sealOverhead = 12 + 16

    /// The nonce of sealed bytes (`nonce ‖ ciphertext ‖ tag`).
    static func sealID(of sealed: [UInt8]) -> [UInt8] {
        Array(sealed.prefix(sealIDLength))
    }

    var generation: UInt64
    var entries: [Entry] { didSet { index = Self.index(entries) } }
    /// Each entry's position by name: a vault holds a section per profile, looked up by name.
    private var index: [String: Int]

    init(generation: UInt64, entries: [Entry]) {
        self.init(generation: generation, entries: entries, index: Self.index(entries))
    }

    private init(generation: UInt64, entries: [Entry], index: [String: Int]) {
        self.generation = generation
        self.entries = entries
        self.index = index
    }

    private static func index(_ entries: [Entry]) -> [String: Int] {
        Dictionary(entries.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The bytes of the sections region the entries describe.
    var sectionsLength: UInt64 { entries.reduce(0) { $0 + $1.length } }

    func entry(_ name: String) -> Entry? { index[name].map { entries[$0] } }

    func serialized() -> [UInt8] { Self.serialized(generation: generation, entries: entries) }

    /// The plaintext of a manifest of these entries (a write builds no index to serialize one).
    static func serialized(generation: UInt64, entries: [Entry]) -> [UInt8] {
        var bytes = marker
        bytes.reserveCapacity(16 + entries.reduce(0) { $0 + 2 + $1.name.utf8.count + 24 + $1.seal.count + $1.chain.count })
        ByteWriter.append(generation, to: &bytes)
        ByteWriter.append(UInt32(entries.count), to: &bytes)
        for entry in entries {
            ByteWriter.append(UInt16(entry.name.utf8.count), to: &bytes)
            bytes.append(contentsOf: entry.name.utf8)
            ByteWriter.append(entry.sealedAt, to: &bytes)
            ByteWriter.append(entry.offset, to: &bytes)
            ByteWriter.append(entry.length, to: &bytes)
            bytes.append(contentsOf: entry.seal)
            bytes.append(contentsOf: entry.chain)
        }
        return bytes
    }

    /// Parses a manifest and checks that its sections lie one after another from offset 0,
    /// with no two of the same name; nil when anything is off.
    static func parse(_ bytes: [UInt8]) -> Manifest? {
        var reader = ByteReader(bytes[...])
        guard reader.bytes(marker.count) == marker, let generation = reader.uint64(), let count = reader.uint32() else { return nil }
        var entries: [Entry] = []
        var index: [String: Int] = [:]
        // Both bounded by what the bytes can hold, not by a count a crafted file states.
        let room = min(Int(count), bytes.count / (2 + 24 + sealIDLength + ChainedSHA256.stateLength))
        entries.reserveCapacity(room)
        index.reserveCapacity(room)
        var next: UInt64 = 0
        for _ in 0..<count {
            guard let nameLength = reader.uint16(), let nameBytes = reader.bytes(Int(nameLength)),
                let name = String(validating: nameBytes, as: UTF8.self), let sealedAt = reader.uint64(),
                let offset = reader.uint64(), let length = reader.uint64(), let seal = reader.bytes(sealIDLength),
                let chain = reader.bytes(ChainedSHA256.stateLength),
                offset == next, length <= UInt64(Int32.max), index.updateValue(entries.count, forKey: name) == nil
            else { return nil }
            entries.append(Entry(name: name, sealedAt: sealedAt, offset: offset, length: length, seal: seal, chain: chain))
            next = offset + length
        }
        guard reader.isAtEnd else { return nil }
        return Manifest(generation: generation, entries: entries, index: index)
    }
}
