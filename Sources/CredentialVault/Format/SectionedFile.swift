import Crypto

/// The front of a format 2 vault file, parsed: everything before the sections.
///
/// ```
/// offset size  field (big-endian integers)
///  0      8    magic "ZTVAULT\0"
///  8      2    format version (2)
/// 10      1    KDF id (1 = scrypt)
/// 11      1    log2 N      12  1  r      13  1  p
/// 14      1    salt length (32), then the salt
/// 47      1    cipher id (1 = ChaCha20-Poly1305)
/// 48      1    kind (0 = vault)
/// 49     16    vault identity (random, drawn once for the life of the vault)
///       ── the header ends here (65 bytes): it is the associated data of every seal ──
/// 65      2    sealed data key length, then nonce ‖ ciphertext ‖ tag   (AAD = header)
///  …      4    sealed manifest length, then nonce ‖ ciphertext ‖ tag   (AAD = header ‖ sealed key)
///  …      8    length of the sections region that follows the front
///  …     32    SHA-256 of everything before it (the front digest)
///  …           the sealed sections, one after another, in manifest order
///  …     32    SHA-256 of everything before it (the trailing digest, where format 1 has it)
/// ```
///
/// A command reads the front and only the sections it needs; each section is checked against
/// the SHA-256 the manifest holds for it before it is opened. The file's length must equal the
/// front plus the sections length it states plus the trailing digest, so a truncation is seen
/// before any key is derived and without reading the sections. The trailing digest is what a
/// format 1 build checks first: with it, such a build reports "newer format" rather than
/// damage. This build checks it in `doctor`, never on a read (that would mean reading the whole
/// file); each section read is checked against the seal its manifest entry names instead, and a write
/// computes the trailing digest afresh.
struct SectionedFile: Equatable {
    static let version = 2
    static let identityLength = 16

    var parameters: KDFParameters
    var salt: [UInt8]
    var identity: [UInt8]
    var sealedKey: [UInt8]
    var sealedManifest: [UInt8]
    /// The bytes of sealed sections after the front.
    var sectionsLength: UInt64

    /// The header bytes: the associated data of every seal in the file.
    var header: [UInt8] {
        var bytes = VaultFile.magic
        bytes += [UInt8(Self.version >> 8), UInt8(Self.version & 0xFF)]
        bytes += [1, parameters.logN, parameters.r, parameters.p]
        bytes += [UInt8(salt.count)] + salt
        bytes += [1, VaultFile.Kind.vault.rawValue]
        bytes += identity
        return bytes
    }

    /// The associated data of the sealed manifest.
    var manifestAssociatedData: [UInt8] { header + sealedKey }

    /// The associated data of one section: the header, the section's name, and the generation
    /// that sealed it (which the manifest records beside the section's seal).
    func sectionAssociatedData(name: String, sealedAt generation: UInt64) -> [UInt8] {
        let nameBytes = Array(name.utf8)
        var bytes = header
        bytes += [UInt8(nameBytes.count >> 8), UInt8(nameBytes.count & 0xFF)] + nameBytes
        bytes += ByteWriter.uint64(generation)
        return bytes
    }

    /// The front's bytes, its digest included.
    func serialized() -> [UInt8] {
        var bytes = header
        bytes += [UInt8(sealedKey.count >> 8), UInt8(sealedKey.count & 0xFF)] + sealedKey
        bytes += ByteWriter.uint32(UInt32(sealedManifest.count)) + sealedManifest
        bytes += ByteWriter.uint64(sectionsLength)
        bytes += Array(SHA256.hash(data: bytes))
        return bytes
    }

    /// How many bytes of the file a front needs, from its first bytes; nil when `prefix` is too
    /// short to tell (a front whose lengths do not fit in the first 4 KiB is damage).
    static func frontLength(of prefix: [UInt8]) -> Int? {
        var reader = ByteReader(prefix[...])
        reader.skip(14)
        guard let saltLength = reader.byte() else { return nil }
        reader.skip(Int(saltLength) + 2 + identityLength)
        guard let keyLength = reader.uint16() else { return nil }
        reader.skip(Int(keyLength))
        guard let manifestLength = reader.uint32() else { return nil }
        return 14 + 1 + Int(saltLength) + 2 + identityLength + 2 + Int(keyLength) + 4 + Int(manifestLength) + 8 + VaultFile.digestLength
    }

    /// Parses a front (the exact bytes ``frontLength(of:)`` named), digest checked first.
    static func parse(front bytes: [UInt8]) -> Result<SectionedFile, VaultFile.ParseFailure> {
        guard bytes.count > VaultFile.digestLength + 10 else { return .failure(.corrupted("truncated")) }
        let body = bytes[0..<(bytes.count - VaultFile.digestLength)]
        guard Array(SHA256.hash(data: body)) == Array(bytes[(bytes.count - VaultFile.digestLength)...]) else {
            return .failure(.corrupted("checksum mismatch: the file was truncated or damaged"))
        }
        var reader = ByteReader(body)
        let fields: HeaderFields
        switch HeaderFields.read(&reader) {
        case .success(let read): fields = read
        case .failure(let failure): return .failure(failure)
        }
        guard fields.kind == .vault else { return .failure(.corrupted("unknown file kind")) }
        guard let identity = reader.bytes(identityLength) else { return .failure(.corrupted("truncated header")) }
        guard let keyLength = reader.uint16(), let sealedKey = reader.bytes(Int(keyLength)) else {
            return .failure(.corrupted("truncated key block"))
        }
        guard let manifestLength = reader.uint32(), let sealedManifest = reader.bytes(Int(manifestLength)),
            let sectionsLength = reader.uint64(), reader.isAtEnd
        else {
            return .failure(.corrupted("manifest length does not match the file"))
        }
        return .success(SectionedFile(parameters: fields.parameters, salt: fields.salt, identity: identity,
            sealedKey: sealedKey, sealedManifest: sealedManifest, sectionsLength: sectionsLength))
    }
}

extension SectionedFile {
    /// A whole format 2 file: the front, the sections, and the trailing digest of both.
    static func assemble(front: [UInt8], sections: [UInt8]) -> [UInt8] {
        var bytes = front
        bytes.reserveCapacity(front.count + sections.count + VaultFile.digestLength)
        bytes += sections
        bytes += Array(SHA256.hash(data: bytes))
        return bytes
    }
}

/// Big-endian integers as bytes.
enum ByteWriter {
    static func uint64(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return bytes
    }

    static func uint32(_ value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    static func uint16(_ value: UInt16) -> [UInt8] {
        [UInt8(value >> 8), UInt8(value & 0xFF)]
    }

    /// Appends `value` big-endian, without an intermediate array.
    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
