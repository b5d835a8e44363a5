import Crypto

/// The bytes of a vault or export file, parsed.
///
/// ```
/// offset size  field (big-endian integers)
///  0      8    magic "ZTVAULT\0"
///  8      2    format version (1)
/// 10      1    KDF id (1 = scrypt)
/// 11      1    log2 N      12  1  r      13  1  p
/// 14      1    salt length (32), then the salt
/// 47      1    cipher id (1 = ChaCha20-Poly1305)
/// 48      1    kind (0 = vault, 1 = export)
///       ── the header ends here: it is the associated data of both seals ──
/// 49      2    sealed data key length, then nonce ‖ ciphertext ‖ tag (AAD = header)
///  …      4    sealed payload length, then nonce ‖ ciphertext ‖ tag (AAD = header ‖ sealed key)
///  …     32    SHA-256 of everything before it
/// ```
///
/// The trailing digest is not a secret check (the seals are); it lets a damaged file be
/// told apart from a wrong passphrase before any key is derived. Every future version keeps
/// the magic, the version field and the trailing digest where they are (format 2 does), so a
/// build meeting a newer version says so rather than calling the file damaged.
struct VaultFile: Equatable {
    static let magic: [UInt8] = Array("ZTVAULT".utf8) + [0]
    /// The version of this layout (format 1): exports, and vaults written before format 2.
    static let currentVersion = 1
    /// The newest format version this build reads (vaults are written as ``SectionedFile``).
    static let newestVersion = SectionedFile.version
    static let digestLength = 32
    /// The start of a sealed payload's plaintext: then the generation (8 bytes, big-endian),
    /// then the encoded payload.
    static let generationMarker: [UInt8] = Array("ZTG1".utf8)

    enum Kind: UInt8 {
        case vault = 0
        case export = 1
    }

    var parameters: KDFParameters
    var salt: [UInt8]
    var kind: Kind
    var sealedKey: [UInt8]
    var sealedPayload: [UInt8]

    /// The header bytes: the associated data of the sealed key.
    var header: [UInt8] {
        var bytes = Self.magic
        bytes += [UInt8(Self.currentVersion >> 8), UInt8(Self.currentVersion & 0xFF)]
        bytes += [1, parameters.logN, parameters.r, parameters.p]
        bytes += [UInt8(salt.count)] + salt
        bytes += [1, kind.rawValue]
        return bytes
    }

    /// The associated data of the sealed payload.
    var payloadAssociatedData: [UInt8] { header + sealedKey }

    func serialized() -> [UInt8] {
        var bytes = header
        bytes += [UInt8(sealedKey.count >> 8), UInt8(sealedKey.count & 0xFF)] + sealedKey
        let length = UInt32(sealedPayload.count)
        bytes += [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
        bytes += sealedPayload
        bytes += Array(SHA256.hash(data: bytes))
        return bytes
    }

    /// What a file's bytes are, checked in an order that tells damage, a newer format and
    /// a foreign file apart.
    enum ParseFailure: Error, Equatable {
        case notAVault
        case corrupted(String)
        case newerVersion(Int)
        /// A format 2 vault, which ``SectionedFile`` reads.
        case sectioned
    }

    static func parse(_ bytes: [UInt8]) -> Result<VaultFile, ParseFailure> {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            // A file that merely lost its tail still starts with the magic; one that does not
            // start with it was never a vault, unless it is a prefix of the magic (truncated).
            if !bytes.isEmpty && magic.starts(with: bytes.prefix(magic.count)) { return .failure(.corrupted("truncated")) }
            if bytes.isEmpty { return .failure(.corrupted("the file is empty")) }
            return .failure(.notAVault)
        }
        guard bytes.count >= magic.count + 2 + digestLength else { return .failure(.corrupted("truncated")) }
        let body = bytes[0..<(bytes.count - digestLength)]
        let digest = Array(bytes[(bytes.count - digestLength)...])
        guard Array(SHA256.hash(data: body)) == digest else {
            return .failure(.corrupted("checksum mismatch: the file was truncated or damaged"))
        }
        let version = Int(bytes[8]) << 8 | Int(bytes[9])
        if version == SectionedFile.version { return .failure(.sectioned) }
        if version != currentVersion {
            return version > newestVersion ? .failure(.newerVersion(version)) : .failure(.corrupted("unknown format version \(version)"))
        }
        var reader = ByteReader(body)
        let fields: HeaderFields
        switch HeaderFields.read(&reader) {
        case .success(let read): fields = read
        case .failure(let failure): return .failure(failure)
        }
        let (parameters, salt, kind) = (fields.parameters, fields.salt, fields.kind)
        guard let keyLength = reader.uint16(), let sealedKey = reader.bytes(Int(keyLength)) else {
            return .failure(.corrupted("truncated key block"))
        }
        guard let payloadLength = reader.uint32(), let sealedPayload = reader.bytes(Int(payloadLength)), reader.isAtEnd else {
            return .failure(.corrupted("payload length does not match the file"))
        }
        return .success(VaultFile(parameters: parameters, salt: salt, kind: kind,
            sealedKey: sealedKey, sealedPayload: sealedPayload))
    }
}

/// The header fields both formats share after the magic and the version: KDF id and
/// parameters, salt, cipher id, kind.
struct HeaderFields {
    var parameters: KDFParameters
    var salt: [UInt8]
    var kind: VaultFile.Kind

    /// Reads them from a reader at the start of the header, leaving it after the kind.
    static func read(_ reader: inout ByteReader) -> Result<HeaderFields, VaultFile.ParseFailure> {
        reader.skip(10)
        guard let kdf = reader.byte(), kdf == 1 else { return .failure(.corrupted("unknown key-derivation function")) }
        guard let logN = reader.byte(), let r = reader.byte(), let p = reader.byte() else { return .failure(.corrupted("truncated header")) }
        guard let saltLength = reader.byte(), let salt = reader.bytes(Int(saltLength)), saltLength >= 16 else {
            return .failure(.corrupted("bad salt"))
        }
        guard let cipher = reader.byte(), cipher == 1 else { return .failure(.corrupted("unknown cipher")) }
        guard let kindByte = reader.byte(), let kind = VaultFile.Kind(rawValue: kindByte) else {
            return .failure(.corrupted("unknown file kind"))
        }
        return .success(HeaderFields(parameters: KDFParameters(logN: logN, r: r, p: p), salt: salt, kind: kind))
    }
}

/// Reads big-endian fields from a byte slice without ever trapping.
struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    var isAtEnd: Bool { position == bytes.endIndex }

    mutating func skip(_ count: Int) { position = min(bytes.endIndex, position + count) }

    mutating func byte() -> UInt8? {
        guard position < bytes.endIndex else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, bytes.endIndex - position >= count else { return nil }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func uint16() -> UInt16? {
        guard let high = byte(), let low = byte() else { return nil }
        return UInt16(high) << 8 | UInt16(low)
    }

    mutating func uint32() -> UInt32? {
        guard let a = uint16(), let b = uint16() else { return nil }
        return UInt32(a) << 16 | UInt32(b)
    }

    mutating func uint64() -> UInt64? {
        guard let a = uint32(), let b = uint32() else { return nil }
        return UInt64(a) << 32 | UInt64(b)
    }
}
