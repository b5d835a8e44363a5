import Crypto
import Foundation
import Testing
import TestSupport

@testable import CredentialVault

@Suite("Format 2 layout: kept sections first, the index last, the trailing digest resumed after what a write keeps")
struct SectionLayoutTests {
    let rules = SectionRulesTests()

    /// Checks the file now at the vault's path as a format 1 build and `doctor` would: the
    /// trailing digest is the SHA-256 of everything before it, and every manifest entry's chain
    /// state is the one hashing the file's bytes gives. Returns the bytes and the manifest.
    @discardableResult
    func expectConsistent(_ vault: Vault<Shelf>, _ comment: Comment) throws -> (bytes: [UInt8], reader: SectionReader) {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: vault.path)))
        #expect(Array(bytes.suffix(32)) == Array(SHA256.hash(data: bytes.dropLast(32))), "trailing digest: \(comment)")
        #expect(throws: Never.self, "doctor: \(comment)") { try VaultInspection.inspect(at: vault.path) }
        let reader = try rules.read(vault)
        let start = reader.file.sectionsStart
        let recomputed = SectionedFile.chained(reader.manifest.entries, prefix: bytes, sectionsStart: start)
        #expect(recomputed.map(\.chain) == reader.manifest.entries.map(\.chain), "chain states: \(comment)")
        #expect(try vault.chainStatesMatchFile() == true, "doctor's check: \(comment)")
        return (bytes, reader)
    }

    @Test func everyKindOfWriteLeavesADigestAndChainStatesThatMatchTheBytes() throws {
        let folder = TemporaryFolder()
        let vault = try rules.make(folder, Shelf(["a": "alpha", "b": String(repeating: "b", count: 3_000), "c": "c", "lazy/x": "x"]))
        try expectConsistent(vault, "created")
        let steps: [(String, (inout Shelf) -> Void)] = [
            ("the first section changed", { $0.sections["a"] = "alpha 2" }),
            ("the last section changed", { $0.sections["a"] = "alpha 3" }),
            ("a middle section changed", { $0.sections["b"] = String(repeating: "B", count: 2_000) }),
            ("a section added", { $0.sections["d"] = String(repeating: "d", count: 70) }),
            ("a section removed", { $0.sections["c"] = nil }),
            ("nothing changed", { _ in }),
            ("every section changed", { shelf in for name in shelf.sections.keys { shelf.sections[name]! += "!" } }),
        ]
        var (current, shelf) = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("p"))
        for (name, change) in steps {
            change(&shelf)
            let saved = shelf.sections
            try current.save(shelf)
            try expectConsistent(current, "\(name)")
            (current, shelf) = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("p"))
            #expect(shelf.sections == saved, "\(name)")
        }
        _ = try current.rekey(to: Passphrase("q"), parameters: SectionRulesTests.cheap)
        try expectConsistent(current, "rekeyed")
        // Writes after a rekey resume from the chain states the rekey computed.
        for round in 0..<2 {
            (current, shelf) = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("q"))
            shelf.sections["d"] = String(repeating: "e", count: 70 + round)
            try current.save(shelf)
            try expectConsistent(current, "written after the rekey, round \(round)")
        }
    }

    @Test func aWriteThatFailsWhileTheCopyRunsLeavesTheVaultTheBackupAndTheFolderAsTheyWere() throws {
        let folder = TemporaryFolder()
        let vault = try rules.make(folder, Shelf(["a": String(repeating: "a", count: 300_000), "b": "b"]))
        var (current, shelf) = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("p"))
        shelf.sections["b"] = "b2"
        try current.save(shelf)
        let vaultBytes = try Data(contentsOf: URL(fileURLWithPath: vault.path))
        let backupBytes = try Data(contentsOf: URL(fileURLWithPath: vault.path + ".bak"))
        (current, shelf) = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("p"))
        shelf.sections["b"] = "b3"
        shelf.failsToEncode = true
        #expect(throws: VaultError.self) { try current.save(shelf) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: vault.path)) == vaultBytes)
        #expect(try Data(contentsOf: URL(fileURLWithPath: vault.path + ".bak")) == backupBytes)
        #expect(VaultInspection.staleTemporaries(besides: vault.path).isEmpty, "the temp file is removed")
        // And the next write goes through, resuming as usual.
        shelf.failsToEncode = false
        try current.save(shelf)
        try expectConsistent(current, "after the failed write")
    }

    /// An index beyond what a read takes from the file's end at once (256 KiB): thousands of
    /// sections, so the manifest alone is larger.
    @Test func anIndexLargerThanTheFirstReadOfTheFilesEndIsReadWhole() throws {
        let folder = TemporaryFolder()
        var sections: [String: String] = [:]
        for index in 0..<4_000 { sections[String(format: "section-%05d", index)] = "\(index)" }
        let vault = try rules.make(folder, Shelf(sections))
        let (bytes, reader) = try expectConsistent(vault, "created")
        #expect(bytes.count - VaultForgery.layout(bytes).indexStart > 256 * 1024)
        #expect(reader.names.count == 4_000)
        var (current, shelf) = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("p"))
        #expect(shelf.sections == sections)
        shelf.sections["section-03999"] = "changed"
        try current.save(shelf)
        try expectConsistent(current, "one section changed")
        (_, shelf) = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("p"))
        #expect(shelf.sections["section-03999"] == "changed" && shelf.sections.count == 4_000)
    }

    @Test func keptSectionsComeFirstInTheirOldOrderAndTheFilesFirstBytesStayAsTheyWere() throws {
        let folder = TemporaryFolder()
        let vault = try rules.make(folder, Shelf(["a": "1", "b": String(repeating: "b", count: 500), "c": "3", "lazy/x": "x"]))
        var (current, shelf) = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("p"))
        shelf.sections["a"] = "1 changed"
        try current.save(shelf)
        let (before, reader) = try expectConsistent(current, "a moved to the end")
        #expect(reader.names == ["b", "c", "lazy/x", "a"])

        (current, shelf) = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("p"))
        shelf.sections["a"] = "1 changed again"
        try current.save(shelf)
        let (after, again) = try expectConsistent(current, "a changed again")
        #expect(again.names == ["b", "c", "lazy/x", "a"])
        let lazy = try #require(again.manifest.entry("lazy/x"))
        let kept = again.file.sectionsStart + Int(lazy.offset + lazy.length)
        #expect(after.prefix(kept) == before.prefix(kept), "the kept sections' bytes are where they were")
        #expect(after.count == before.count + 6)
        for name in ["b", "c", "lazy/x"] {
            #expect(again.manifest.entry(name) == reader.manifest.entry(name), "\(name) is carried with its chain state")
        }
    }

    /// What shows the write resumes rather than hashing the file again: given a wrong state for
    /// the kept sections (which only a holder of the data key could seal into the manifest),
    /// the trailing digest it writes is wrong. The sections still open: the trailing digest is
    /// for format 1 builds and `doctor`, and the chain states are sealed so no one else can
    /// make a write produce that.
    @Test func theWriteResumesFromTheChainStateTheManifestKeeps() throws {
        let folder = TemporaryFolder()
        let vault = try rules.make(folder, Shelf(["a": "1", "b": String(repeating: "b", count: 500)]))
        var (current, shelf) = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("p"))
        shelf.sections["a"] = "2"
        try current.save(shelf)
        let (bytes, reader) = try expectConsistent(current, "a moved to the end")
        #expect(reader.names == ["b", "a"])

        // The manifest resealed with b's chain state wrong, the file otherwise as it was.
        var entries = reader.manifest.entries
        entries[0].chain = [UInt8](repeating: 0, count: ChainedSHA256.stateLength)
        var file = reader.file
        let key = current.state.withLock { $0.dataKey.key }
        file.sealedManifest = Array(try ChaChaPoly.seal(Manifest(generation: reader.manifest.generation, entries: entries).serialized(),
            using: key, authenticating: file.manifestAssociatedData).combined)
        let sections = Array(bytes[file.sectionsStart..<(file.sectionsStart + Int(file.sectionsLength))])
        try Data(SectionedFile.assemble(header: file.header, sections: sections, index: file.serializedIndex()))
            .write(to: URL(fileURLWithPath: vault.path))

        (current, shelf) = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("p"))
        #expect(try current.chainStatesMatchFile() == false, "doctor sees the wrong state before a write resumes from it")
        shelf.sections["a"] = "3"
        try current.save(shelf)
        let written = Array(try Data(contentsOf: URL(fileURLWithPath: vault.path)))
        #expect(Array(written.suffix(32)) != Array(SHA256.hash(data: written.dropLast(32))), "the digest was resumed, not recomputed")
        #expect(throws: VaultError.self) { try VaultInspection.inspect(at: vault.path) }
        let (_, reopened) = try Vault<Shelf>.open(at: vault.path, passphrase: Passphrase("p"))
        #expect(reopened.sections == ["a": "3", "b": String(repeating: "b", count: 500)])
        // What doctor advises: a rekey rewrites the file whole, with every state computed afresh.
        _ = try current.rekey(to: Passphrase("p"), parameters: SectionRulesTests.cheap)
        try expectConsistent(current, "rekeyed after the wrong state")
    }

    @Test(arguments: [true, false])
    func aRangeIsCopiedToTheSameBytesInTheKernelOrThroughABuffer(inKernel: Bool) throws {
        let folder = TemporaryFolder()
        let source = folder.file("source")
        let bytes = ChainedDigestTests.message(200_000)
        try Data(bytes).write(to: URL(fileURLWithPath: source))
        let file = try OpenFile(source)
        let target = folder.file("target")
        let fd = open(target, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        #expect(fd >= 0)
        defer { close(fd) }
        // Out of order, to explicit offsets, and over bytes already there.
        try file.copy(at: 1_000, count: 150_000, to: fd, at: 10, path: target, inKernel: inKernel)
        try file.copy(at: 0, count: 10, to: fd, at: 0, path: target, inKernel: inKernel)
        try file.copy(at: 199_000, count: 1_000, to: fd, at: 5, path: target, inKernel: inKernel)
        var expected = Array(bytes[0..<10]) + Array(bytes[1_000..<151_000])
        expected.replaceSubrange(5..<1_005, with: bytes[199_000..<200_000])
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: target))) == expected)
        // Past the file's end: refused, nothing copied.
        #expect(throws: VaultError.self) { try file.copy(at: 199_990, count: 20, to: fd, at: 0, path: target, inKernel: inKernel) }
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: target))) == expected)
    }
}
