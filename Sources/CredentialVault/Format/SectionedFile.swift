import Crypto

/// A format 2 vault file's header and index, parsed: everything but the sections.
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
/// 65           the sealed sections, one after another, in manifest order
///  …           the index:
///         2    sealed data key length, then nonce ‖ ciphertext ‖ tag   (AAD = header)
///         4    sealed manifest length, then nonce ‖ ciphertext ‖ tag   (AAD = header ‖ sealed key)
///         8    length of the sections region
///         4    index length: the bytes from the sealed key's length field to the end of this one
///        32    index digest: SHA-256 of the header and the index before it
///  …     32    SHA-256 of everything before it (the trailing digest, where format 1 has it)
/// ```
///
/// A command reads the header, the index (found from the end of the file) and only the
/// sections it needs; each section is checked against the seal its manifest entry names before
/// it is opened. The file's length must equal the header, the sections length and the index
/// as stated, plus the trailing digest, so a truncation is seen before any key is derived and
/// without reading the sections. The sections come before the index so that a write which
/// leaves the first sections as they were leaves the file's first bytes as they were: it
/// copies them and resumes the trailing digest from the chain state the manifest kept for
/// them, instead of hashing the whole file again. The trailing digest is what a format 1 build
/// checks first: with it, such a build reports "newer format" rather than damage. This build
/// checks it in `doctor`, never on a read (that would mean reading the whole file).
struct SectionedFile: Equatable {
    static let version = 2
    static let identityLength = 16
    /// The index length field, the index digest and the trailing digest: the file's last bytes.
    static let footerLength = 4 + 2 * VaultFile.digestLength
    /// The fewest bytes an index can hold: its length fields and its digest.
    static let minimumIndexLength = 2 + 4 + 8 + 4 + VaultFile.digestLength

    var parameters: KDFParameters
    var salt: [UInt8]
    var identity: [UInt8]
    var sealedKey: [UInt8]
    var sealedManifest: [UInt8]
    /// The bytes of sealed sections after the header.
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

    /// Where the sections start: the header's length.
    var sectionsStart: Int { Self.headerLength(saltLength: salt.count) }

    /// A header's length: the fields before the salt, the salt, cipher and kind, the identity.
    static func headerLength(saltLength: Int) -> Int { 15 + saltLength + 2 + identityLength }

    /// The associated data of the sealed manifest.
    var manifestAssociatedData: [UInt8] { header + sealedKey }

    /// The associated data of one section: the header, the section's name, and the generation
    /// that sealed it (which the manifest records beside the section's seal).
    func sectionAssociatedData(name: String, sealedAt generation: UInt64) -> [UInt8] {
        Self.sectionAssociatedData(header: header, name: name, sealedAt: generation)
    }

    /// The same from a header already built (a write seals hundreds of sections).
    static func sectionAssociatedData(header: [UInt8], name: String, sealedAt generation: UInt64) -> [UInt8] {
        let nameBytes = Array(name.utf8)
        var bytes = header
        bytes += [UInt8(nameBytes.count >> 8), UInt8(nameBytes.count & 0xFF)] + nameBytes
        bytes += ByteWriter.uint64(generation)
        return bytes
    }

    /// The index's bytes, its digest included.
    func serializedIndex() -> [UInt8] {
        var index = [UInt8(sealedKey.count >> 8), UInt8(sealedKey.count & 0xFF)] + sealedKey
        index += ByteWriter.uint32(UInt32(sealedManifest.count)) + sealedManifest
        index += ByteWriter.uint64(sectionsLength)
        index += ByteWriter.uint32(UInt32(index.count + 4))
        index += Self.indexDigest(header: header[...], index: index[...])
        return index
    }

    /// The index digest: SHA-256 of the header and the index before the digest.
    static func indexDigest(header: ArraySlice<UInt8>, index: ArraySlice<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: header)
        hasher.update(data: index)
        return Array(hasher.finalize())
    }

    /// The header's length from a file's first bytes; nil when `prefix` is too short to tell.
    static func headerLength(of prefix: [UInt8]) -> Int? {
        guard prefix.count > 14 else { return nil }
        let length = headerLength(saltLength: Int(prefix[14]))
        return prefix.count >= length ? length : nil
    }

    /// The index's length, its digest included, from the file's last ``footerLength`` bytes
    /// (or more); nil when they cannot be an index's.
    static func indexLength(fromEnd tail: ArraySlice<UInt8>) -> Int? {
        guard tail.count >= footerLength else { return nil }
        var reader = ByteReader(tail[(tail.endIndex - footerLength)...])
        guard let stated = reader.uint32(), Int(stated) >= minimumIndexLength - VaultFile.digestLength else { return nil }
        return Int(stated) + VaultFile.digestLength
    }

    /// Parses a header and an index (the exact bytes ``headerLength(of:)`` and
    /// ``indexLength(fromEnd:)`` named), the index digest checked first; the sections length it
    /// states must be `sectionsLength`, the bytes the file has between the two.
    static func parse(header: ArraySlice<UInt8>, index bytes: ArraySlice<UInt8>, sectionsLength expected: Int)
        -> Result<SectionedFile, VaultFile.ParseFailure>
    {
        guard bytes.count >= minimumIndexLength else { return .failure(.corrupted("truncated")) }
        let body = bytes[bytes.startIndex..<(bytes.endIndex - VaultFile.digestLength)]
        guard indexDigest(header: header, index: body) == Array(bytes[(bytes.endIndex - VaultFile.digestLength)...]) else {
            return .failure(.corrupted("checksum mismatch: the file was truncated or damaged"))
        }
        var reader = ByteReader(header)
        let fields: HeaderFields
        switch HeaderFields.read(&reader) {
        case .success(let read): fields = read
        case .failure(let failure): return .failure(failure)
        }
        guard fields.kind == .vault else { return .failure(.corrupted("unknown file kind")) }
        guard let identity = reader.bytes(identityLength), reader.isAtEnd else { return .failure(.corrupted("truncated header")) }
        var index = ByteReader(body)
        guard let keyLength = index.uint16(), let sealedKey = index.bytes(Int(keyLength)) else {
            return .failure(.corrupted("truncated key block"))
        }
        guard let manifestLength = index.uint32(), let sealedManifest = index.bytes(Int(manifestLength)),
            let sectionsLength = index.uint64(), let stated = index.uint32(), Int(stated) == body.count, index.isAtEnd
        else {
            return .failure(.corrupted("manifest length does not match the file"))
        }
        // Compared without adding to the stated length: a crafted one may be near UInt64.max.
        guard sectionsLength == UInt64(expected) else {
            return .failure(.corrupted("the file's length does not match its sections: truncated or damaged"))
        }
        return .success(SectionedFile(parameters: fields.parameters, salt: fields.salt, identity: identity,
            sealedKey: sealedKey, sealedManifest: sealedManifest, sectionsLength: sectionsLength))
    }

    /// Parses a whole file's bytes: header, index, and the length they state. Reads use
    /// ``OnDiskVault/read(_:)``, which reads only these parts.
    static func parse(file bytes: [UInt8]) -> Result<(file: SectionedFile, index: Int), VaultFile.ParseFailure> {
        guard let headerLength = headerLength(of: bytes), let indexLength = indexLength(fromEnd: bytes[...]),
            bytes.count >= headerLength + indexLength + VaultFile.digestLength
        else {
            return .failure(.corrupted("truncated"))
        }
        let indexStart = bytes.count - VaultFile.digestLength - indexLength
        return parse(header: bytes[..<headerLength], index: bytes[indexStart..<(bytes.count - VaultFile.digestLength)],
            sectionsLength: indexStart - headerLength).map { ($0, indexStart) }
    }
}

extension SectionedFile {
    /// `entries` with their chain states filled in from the file's bytes up to the end of
    /// the sections (`prefix`: the header and the sections), as a write takes them.
    static func chained(_ entries: [Manifest.Entry], prefix: [UInt8], sectionsStart: Int) -> [Manifest.Entry] {
        var hasher = ChainedSHA256()
        return prefix.withUnsafeBytes { bytes in
            entries.map { entry in
                let mark = entry.chainMark(sectionsStart: sectionsStart)
                hasher.update(UnsafeRawBufferPointer(rebasing: bytes[hasher.count..<mark]))
                var chained = entry
                chained.chain = hasher.chainState ?? []
                return chained
            }
        }
    }

    /// A whole format 2 file: the header, the sections, the index, and the trailing digest.
    static func assemble(header: [UInt8], sections: [UInt8], index: [UInt8]) -> [UInt8] {
        var bytes = header
        bytes.reserveCapacity(header.count + sections.count + index.count + VaultFile.digestLength)
        bytes += sections
        bytes += index
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
