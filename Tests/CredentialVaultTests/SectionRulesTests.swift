import Crypto
import Foundation
import Testing
import TestSupport

@testable import CredentialVault

/// A payload of named sections, for the format 2 rules: each entry is one section.
struct Shelf: SectionedPayload, Equatable {
    var sections: [String: String]
    /// Names whose section this payload never read, kept as they are.
    var unread: Set<String> = []
    /// Set to make encoding fail, as a payload that cannot encode would.
    var failsToEncode = false

    init(_ sections: [String: String]) { self.sections = sections }

    init(sections reader: SectionReader) throws {
        sections = [:]
        for name in reader.names where !name.hasPrefix("lazy/") {
            sections[name] = String(decoding: try reader.open(name) ?? Data(), as: UTF8.self)
        }
        unread = Set(reader.names.filter { $0.hasPrefix("lazy/") })
    }

    init(legacy plaintext: Data) throws { sections = try JSONDecoder().decode([String: String].self, from: plaintext) }
    var writeRefusal: String? { nil }
    static func refusal(forUndecodable plaintext: Data) -> String? { nil }

    func sectionsForWriting() throws -> [(name: String, content: SectionContent)] {
        if failsToEncode { throw CocoaError(.coderInvalidValue) }
        return sections.keys.sorted().map { ($0, .plaintext(Data(sections[$0]!.utf8))) } + unread.sorted().map { ($0, .unchanged) }
    }
}

@Suite("Format 2: sections sealed apart, bound to their vault, version, name and generation")
struct SectionRulesTests {
    static let cheap = KDFParameters(logN: 10)

    func make(_ folder: TemporaryFolder, _ shelf: Shelf, name: String = "vault.ztv") throws -> Vault<Shelf> {
        try Vault<Shelf>.create(at: folder.file(name), passphrase: Passphrase("p"), parameters: Self.cheap, payload: shelf)
    }

    /// The manifest, header and index of the file now at `path`, opened with the vault's key.
    func read(_ vault: Vault<Shelf>) throws -> SectionReader {
        guard let reader = try OnDiskVault.read(vault.path).sectionReader(dataKey: vault.state.withLock { $0.dataKey }) else {
            throw VaultError.payload("not format 2")
        }
        return reader
    }

    /// Writes the file again with one section's sealed bytes replaced and the manifest resealed
    /// with the right key, its seal identifier fixed: what only someone holding the data key could do. The
    /// section must still fail to open when it was sealed for another place.
    func replace(_ name: String, in vault: Vault<Shelf>, with sealed: [UInt8], sealedAt: UInt64? = nil) throws {
        let reader = try read(vault)
        let key = vault.state.withLock { $0.dataKey.key }
        var file = reader.file
        var body = file.header
        var entries: [Manifest.Entry] = []
        for entry in reader.manifest.entries {
            let bytes = entry.name == name ? sealed : try reader.sealedBytes(of: entry)
            entries.append(Manifest.Entry(name: entry.name, sealedAt: entry.name == name ? (sealedAt ?? entry.sealedAt) : entry.sealedAt,
                offset: UInt64(body.count - file.sectionsStart), length: UInt64(bytes.count), seal: Manifest.sealID(of: bytes), chain: []))
            body += bytes
        }
        entries = SectionedFile.chained(entries, prefix: body, sectionsStart: file.sectionsStart)
        file.sealedManifest = Array(try ChaChaPoly.seal(Manifest(generation: reader.manifest.generation, entries: entries).serialized(),
            using: key, authenticating: file.manifestAssociatedData).combined)
        file.sectionsLength = UInt64(body.count - file.sectionsStart)
        try Data(SectionedFile.assemble(header: file.header, sections: Array(body[file.sectionsStart...]), index: file.serializedIndex()))
            .write(to: URL(fileURLWithPath: vault.path))
    }

    func expectDamage(_ path: String, naming section: String, _ comment: Comment) {
        do {
            _ = try Vault<Shelf>.open(at: path, passphrase: Passphrase("p"))
            Issue.record(comment)
        } catch let error as VaultError {
            guard case .corrupted(_, let reason, _) = error else { Issue.record("\(comment): \(error)"); return }
            #expect(reason.contains("\"\(section)\""), "\(comment): \(reason)")
        } catch {
            Issue.record("\(comment): \(error)")
        }
    }

    @Test func eachVaultHasItsOwnIdentityKeptByWritesAndRekey() throws {
        let folder = TemporaryFolder()
        let first = try make(folder, Shelf(["a": "1"]))
        let second = try make(folder, Shelf(["a": "1"]), name: "other.ztv")
        let identity = try #require(first.identity)
        #expect(identity.count == 32 && identity != second.identity)
        try first.save(Shelf(["a": "2"]))
        try first.rekey(to: Passphrase("q"))
        let (reopened, _) = try Vault<Shelf>.open(at: first.path, passphrase: Passphrase("q"))
        #expect(reopened.identity == identity, "the identity never changes for the life of the vault")
        #expect(try VaultInspection.inspect(at: first.path).identity == identity, "and is readable without the passphrase")
    }

    @Test func aSectionSealedForAnotherVaultDoesNotOpen() throws {
        let folder = TemporaryFolder()
        let vault = try make(folder, Shelf(["a": "mine", "b": "other"]))
        let reader = try read(vault)
        let entry = try #require(reader.manifest.entry("a"))
        var foreign = reader.file
        foreign.identity = Array(repeating: 0x42, count: 16)
        // Sealed with this vault's own key, under another vault's identity.
        let sealed = Array(try ChaChaPoly.seal(Data("theirs".utf8), using: vault.state.withLock { $0.dataKey.key },
            authenticating: foreign.sectionAssociatedData(name: "a", sealedAt: entry.sealedAt)).combined)
        try replace("a", in: vault, with: sealed)
        expectDamage(vault.path, naming: "a", "a section of another vault opened")
    }

    @Test func aSectionSealedForAnotherFormatVersionDoesNotOpen() throws {
        let folder = TemporaryFolder()
        let vault = try make(folder, Shelf(["a": "mine"]))
        let reader = try read(vault)
        let entry = try #require(reader.manifest.entry("a"))
        var aad = reader.file.sectionAssociatedData(name: "a", sealedAt: entry.sealedAt)
        aad[9] = 1
        let sealed = Array(try ChaChaPoly.seal(Data("v1".utf8), using: vault.state.withLock { $0.dataKey.key }, authenticating: aad).combined)
        try replace("a", in: vault, with: sealed)
        expectDamage(vault.path, naming: "a", "a section of another format version opened")
    }

    @Test func aSectionFromAnOlderGenerationDoesNotOpen() throws {
        let folder = TemporaryFolder()
        let vault = try make(folder, Shelf(["a": "old", "b": "kept"]))
        let old = try read(vault)
        let oldEntry = try #require(old.manifest.entry("a"))
        let oldSealed = try old.sealedBytes(of: oldEntry)
        try vault.save(Shelf(["a": "new", "b": "kept"]))

        // As it was: the manifest names another seal.
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: vault.path)))
        let current = try read(vault)
        let newEntry = try #require(current.manifest.entry("a"))
        #expect(newEntry.length == oldEntry.length, "same size, so the old bytes fit in place")
        let start = current.file.sectionsStart + Int(newEntry.offset)
        bytes.replaceSubrange(start..<(start + oldSealed.count), with: oldSealed)
        bytes.removeLast(32)
        bytes += Array(SHA256.hash(data: bytes))
        try Data(bytes).write(to: URL(fileURLWithPath: vault.path))
        expectDamage(vault.path, naming: "a", "an older generation's section opened in place")

        // With the manifest resealed around it at the new generation: its seal names the old one.
        try replace("a", in: vault, with: oldSealed, sealedAt: newEntry.sealedAt)
        expectDamage(vault.path, naming: "a", "an older generation's section opened under a resealed manifest")
    }

    @Test func sectionsSwappedBetweenNamesDoNotOpen() throws {
        let folder = TemporaryFolder()
        let vault = try make(folder, Shelf(["a": "alpha", "b": "bravo"]))
        let reader = try read(vault)
        let bravo = try reader.sealedBytes(of: try #require(reader.manifest.entry("b")))
        try replace("a", in: vault, with: bravo, sealedAt: try #require(reader.manifest.entry("b")).sealedAt)
        expectDamage(vault.path, naming: "a", "section b opened as a")
    }

    @Test func aWriteResealsOnlyTheSectionsWhoseContentsChanged() throws {
        let folder = TemporaryFolder()
        let vault = try make(folder, Shelf(["a": "1", "b": "2", "lazy/x": "never read"]))
        let before = try read(vault)
        let (reopened, shelf) = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("p"))
        #expect(shelf.unread == ["lazy/x"] && shelf.sections["lazy/x"] == nil, "the lazy section was not opened")
        var changed = shelf
        changed.sections["a"] = "1 changed"
        try reopened.save(changed)
        let after = try read(reopened)
        #expect(after.manifest.generation == before.manifest.generation + 1)
        for name in ["b", "lazy/x"] {
            let old = try #require(before.manifest.entry(name)), new = try #require(after.manifest.entry(name))
            #expect(old.seal == new.seal && old.sealedAt == new.sealedAt, "\(name) was carried over as it was")
            #expect(try before.sealedBytes(of: old) == after.sealedBytes(of: new))
        }
        let a = try #require(after.manifest.entry("a"))
        #expect(a.sealedAt == after.manifest.generation && a.seal != before.manifest.entry("a")?.seal)
        #expect(String(decoding: try after.open("lazy/x") ?? Data(), as: UTF8.self) == "never read")
        // A section a payload leaves out is dropped.
        try reopened.save(Shelf(["a": "only"]))
        #expect(try read(reopened).names == ["a"])
    }

    @Test func aStatedSectionsLengthNearTheLimitIsDamageNotACrash() throws {
        let folder = TemporaryFolder()
        let vault = try make(folder, Shelf(["a": "1"]))
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: vault.path)))
        let (sectionsStart, indexStart) = VaultForgery.layout(bytes)
        // The 8-byte sections length sits just before the index length, before the index digest.
        var index = Array(bytes[indexStart..<(bytes.count - 64)])
        for position in (index.count - 12)..<(index.count - 4) { index[position] = 0xFF }
        try VaultForgery.rebuild(header: Array(bytes[..<sectionsStart]), sections: Array(bytes[sectionsStart..<indexStart]), index: index,
            at: vault.path)
        #expect(throws: VaultError.self) { try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("p")) }
        #expect(throws: VaultError.self) { try VaultInspection.inspect(at: vault.path) }
    }

    @Test func aTruncatedFileOrAShortenedSectionRegionIsDamageBeforeAnyKeyIsDerived() throws {
        let folder = TemporaryFolder()
        let vault = try make(folder, Shelf(["a": String(repeating: "x", count: 500)]))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: vault.path))
        let (sectionsStart, _) = VaultForgery.layout(Array(bytes))
        // The file's end lost (the index with it), and 100 bytes cut from the middle of the
        // sections (the index intact): the stated lengths no longer add up.
        let cases = [
            ("truncated", bytes.prefix(bytes.count - 100)),
            ("length", bytes.prefix(sectionsStart + 100) + bytes.dropFirst(sectionsStart + 200)),
        ]
        for (expected, damaged) in cases {
            try damaged.write(to: URL(fileURLWithPath: vault.path))
            // The wrong passphrase: had the key been derived first, this would say "wrong passphrase".
            do {
                _ = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("wrong"))
                Issue.record("a damaged file opened")
            } catch let error as VaultError {
                guard case .corrupted(_, let reason, _) = error else { Issue.record("\(error)"); continue }
                #expect(reason.contains(expected), "\(reason)")
            }
            #expect(throws: VaultError.self) { try VaultInspection.inspect(at: vault.path) }
        }
    }
}
