import Crypto
import Foundation

/// A section of the file being written: carried over from the current file, or sealed anew.
enum SectionPiece {
    case carried(Manifest.Entry)
    /// The plaintext and the nonce it will be sealed under.
    case fresh(Data, nonce: ChaChaPoly.Nonce)
    /// Sealed into the new file already.
    case placed
}

/// Lays out, seals and writes a format 2 file into a temp file (docs/vault-format.md, "A write").
///
/// The sections carried over from the current file come first, in the order they lay there,
/// then the ones sealed anew. When the new file's first sections are the old file's first
/// sections, its first bytes are the old file's: a ``PrefixCopy`` has copied them inside the
/// kernel meanwhile, and the trailing digest resumes from the chain state the old manifest
/// kept after them, so a write hashes only what moved or changed. Everything after that prefix
/// is placed in one buffer, hashed on another thread as it fills (taking each section's chain
/// state on the way), and written as it is ready (the carried part before the new sections are
/// sealed, so the kernel writes it back meanwhile); the manifest, which holds those chain states, is sealed
/// last, into the index.
struct SectionedWrite {
    var file: SectionedFile
    var generation: UInt64
    var dataKey: DataKey
    /// The file being replaced, when there is one to carry sections from.
    var reader: SectionReader?

    /// Writes `pieces` into the temp file `fd` (named `temp`), which `copy` (when given) is
    /// filling with the current file's bytes, and returns the new file's index digest. Fresh
    /// pieces become `.placed` as they are sealed; the caller wipes any left unsealed.
    mutating func write(_ pieces: inout [(name: String, piece: SectionPiece)], into fd: Int32, temp: String, copy: PrefixCopy?) throws
        -> [UInt8]
    {
        let header = file.header
        let sectionsStart = file.sectionsStart
        // Carried sections first, in their old order; then the new ones.
        func oldOffset(_ piece: SectionPiece) -> UInt64? { if case .carried(let old) = piece { old.offset } else { nil } }
        let carried = pieces.filter { oldOffset($0.piece) != nil }.sorted { oldOffset($0.piece)! < oldOffset($1.piece)! }
        pieces = carried + pieces.filter { oldOffset($0.piece) == nil }

        // The leading sections this file shares with the old one, byte for byte, and the
        // hash state after them.
        var kept = 0
        var resume: (hasher: ChainedSHA256, end: Int)?
        // A copy runs only from a current file with this very header (Vault.write).
        if let reader, copy != nil {
            let old = reader.manifest.entries
            while kept < min(pieces.count, old.count), let offset = oldOffset(pieces[kept].piece), offset == old[kept].offset { kept += 1 }
            if kept > 0, let hasher = ChainedSHA256(resuming: old[kept - 1].chain, count: old[kept - 1].chainMark(sectionsStart: sectionsStart)) {
                resume = (hasher, sectionsStart + Int(old[kept - 1].offset + old[kept - 1].length))
            }
        }
        if resume == nil { kept = 0 }
        copy?.keep(upTo: resume?.end ?? 0)

        var entries: [Manifest.Entry] = []
        var offset: UInt64 = 0
        for (name, piece) in pieces {
            switch piece {
            case .carried(let old):
                entries.append(Manifest.Entry(name: name, sealedAt: old.sealedAt, offset: offset, length: old.length, seal: old.seal,
                    chain: entries.count < kept ? old.chain : []))
                offset += old.length
            case .fresh(let plain, let nonce):
                let length = UInt64(plain.count + Manifest.sealOverhead)
                entries.append(Manifest.Entry(name: name, sealedAt: generation, offset: offset, length: length, seal: Array(nonce), chain: []))
                offset += length
            case .placed:
                break
            }
        }
        file.sectionsLength = offset
        let sectionsEnd = sectionsStart + Int(offset)

        // The buffer: from the resumed hash's block boundary (or the file's start) to the end
        // of the sections.
        let bufferStart = resume?.hasher.count ?? 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: sectionsEnd - bufferStart, alignment: 16)
        let marks = entries[kept...].map { $0.chainMark(sectionsStart: sectionsStart) }
        let digest = ProgressiveDigest(UnsafeRawBufferPointer(buffer), continuing: resume?.hasher ?? ChainedSHA256(), marks: marks)
        defer {
            digest.finish()
            buffer.deallocate()
        }
        var filled = 0
        func place(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            buffer.baseAddress!.advanced(by: filled).copyMemory(from: base, byteCount: bytes.count)
            filled += bytes.count
            digest.publish(filled)
        }
        if let resume, let reader {
            // The bytes between the block boundary and the end of the kept sections.
            try reader.fileBytes(at: bufferStart, count: resume.end - bufferStart).withUnsafeBytes { place($0) }
        } else {
            header.withUnsafeBytes { place($0) }
        }
        // The buffer goes into the file as it is ready: the carried sections as soon as they are
        // all read, so the kernel writes them back while the new ones are sealed. The copy must
        // be done before anything is written over the bytes it copies.
        var written = resume.map { $0.end - bufferStart } ?? 0
        var firstWrite = true
        func writeOut() throws {
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[written..<filled])
            if firstWrite {
                try copy?.join()
                try AtomicFile.writeInHalves(fd, bytes, at: bufferStart + written, temp: temp)
            } else {
                try POSIX.writeAll(fd, bytes, at: bufferStart + written, path: temp)
            }
            AtomicFile.startWriteback(fd, range: (bufferStart + written)..<(bufferStart + filled))
            firstWrite = false
            written = filled
        }
        // Carried sections that lay one after another in the old file are read with one call.
        var run: (offset: UInt64, length: UInt64)?
        func flush() throws {
            if let pending = run, let reader {
                try reader.readSealed(offset: pending.offset, length: pending.length, into: buffer.baseAddress! + filled)
                filled += Int(pending.length)
                digest.publish(filled)
            }
            run = nil
        }
        for index in pieces.indices[kept...] {
            switch pieces[index].piece {
            case .carried(let old):
                if let pending = run, pending.offset + pending.length == old.offset {
                    run = (pending.offset, pending.length + old.length)
                } else {
                    try flush()
                    run = (old.offset, old.length)
                }
            case .fresh(var plain, let nonce):
                try flush()
                if firstWrite { try writeOut() }
                pieces[index].piece = .placed
                defer { plain.resetBytes(in: 0..<plain.count) }
                let sealed = try ChaChaPoly.seal(plain, using: dataKey.key, nonce: nonce,
                    authenticating: SectionedFile.sectionAssociatedData(header: header, name: pieces[index].name, sealedAt: generation))
                let combined = sealed.combined
                precondition(combined.count == plain.count + Manifest.sealOverhead, "a seal is its plaintext, nonce and tag")
                combined.withUnsafeBytes { place($0) }
            case .placed:
                break
            }
        }
        try flush()
        precondition(filled == buffer.count, "every byte of the new file is placed before it is written")

        try writeOut()
        guard var outcome = digest.wait() else { throw VaultError.payload("the file's digest was not computed") }
        for (index, state) in zip(entries.indices[kept...], outcome.states) { entries[index].chain = state }
        var manifest = Manifest.serialized(generation: generation, entries: entries)
        defer { SecureWipe.zero(&manifest) }
        file.sealedManifest = Array(try ChaChaPoly.seal(manifest, using: dataKey.key, authenticating: file.manifestAssociatedData).combined)
        let index = file.serializedIndex()
        outcome.hasher.update(index)
        let tail = index + outcome.hasher.finalize()
        try tail.withUnsafeBytes { try POSIX.writeAll(fd, $0, at: sectionsEnd, path: temp) }
        // The copy may have left the old file's longer tail beyond the new end.
        guard ftruncate(fd, off_t(sectionsEnd + tail.count)) == 0 else { throw POSIX.fail(temp, "truncate") }
        return Array(index.suffix(VaultFile.digestLength))
    }
}
