import Foundation
import Testing
import TestSupport

/// A format 1 vault written by 0.1 meets this build through the real binary: it reads without
/// change, converts at the first write saying so once, and survives a crash mid-conversion.
@Suite("A format 1 vault converts once, on its first write, through the binary")
struct FormatConversionTests {
    static let fixture = Fixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/vaults/v1-vault.ztv").path

    /// A home whose vault is a private copy of the 0.1 fixture.
    func home() throws -> ScratchHome {
        let home = try ScratchHome(passphrase: "fixture passphrase v1")
        try FileManager.default.createDirectory(atPath: (home.vault as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: home.vault)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: home.vault)
        return home
    }

    @Test func readsChangeNothingTheFirstWriteConvertsAndSaysSoOnce() async throws {
        let home = try home()
        let original = try Data(contentsOf: URL(fileURLWithPath: home.vault))
        for command in [["list"], ["show", "acme-sandbox"], ["current"], ["doctor"]] {
            let result = try await home.run(command)
            #expect(result.status == 0, "\(command): \(result.allOutput)")
            #expect(!result.stderr.contains("converted"), "\(command)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.vault)) == original, "reading wrote nothing")
        let doctor = try await home.run(["doctor"])
        #expect(doctor.stdout.contains("format version 1"), "\(doctor.stdout)")

        let edit = try await home.run(["edit", "globex-europe", "--notes", "converted"])
        #expect(edit.status == 0, "\(edit.allOutput)")
        #expect(edit.stderr.contains("converted \(home.vault) to vault format 2; the format 1 file is kept as \(home.vault).v1.bak"),
            "\(edit.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.vault + ".v1.bak")) == original)
        let again = try await home.run(["edit", "acme-sandbox", "--notes", "second write"])
        #expect(again.status == 0 && !again.stderr.contains("converted"), "said once: \(again.allOutput)")

        let converted = try await home.run(["doctor"])
        #expect(converted.stdout.contains("format version 2, vault identity "), "\(converted.stdout)")
        #expect(converted.stdout.contains("history reads: 4 stored check(s)"), "\(converted.stdout)")
        #expect(converted.stdout.contains(".v1.bak is the format 1 vault kept"), "\(converted.stdout)")
        let show = try await home.run(["show", "acme-sandbox"])
        #expect(show.stdout.contains("history (newest first):"), "\(show.stdout)")

        let rekey = try await home.run(["rekey"], environment: ["ZTENANT_NEW_PASSPHRASE": "a brand new passphrase"])
        #expect(rekey.status == 0, "\(rekey.allOutput)")
        #expect(rekey.stdout.contains("The backup \(home.vault).bak was resealed"), "\(rekey.stdout)")
        #expect(rekey.stdout.contains("The backup \(home.vault).v1.bak was resealed"), "\(rekey.stdout)")
        let old = try await home.run(["--vault", home.vault + ".v1.bak", "list"])
        #expect(old.status == 3, "the old passphrase no longer opens the format 1 copy: \(old.allOutput)")
    }

    static let failpoints = ["temp-created", "temp-synced", "backup-renamed", "renamed", "directory-synced"]

    @Test(arguments: failpoints)
    func aProcessKilledMidConversionLeavesAVaultThatOpens(failpoint: String) async throws {
        let home = try home()
        let original = try Data(contentsOf: URL(fileURLWithPath: home.vault))
        let killed = try await home.run(["edit", "globex-europe", "--notes", "during"], environment: ["ZTENANT_FAILPOINT": failpoint])
        #expect(killed.status == 128 + SIGKILL, "the process died at \(failpoint)")
        let list = try await home.run(["list", "--json"])
        #expect(list.status == 0, "\(failpoint): \(list.allOutput)")
        #expect(list.stdout.split(separator: "\n").count == 3, "every profile is still there")
        let next = try await home.run(["edit", "acme-sandbox", "--notes", "after"])
        #expect(next.status == 0, "\(failpoint): the next write converts: \(next.allOutput)")
        let doctor = try await home.run(["doctor"])
        #expect(doctor.stdout.contains("format version 2"), "\(doctor.stdout)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.vault + ".v1.bak")) == original, "the format 1 copy is kept")
        let copies = try FileManager.default.contentsOfDirectory(atPath: (home.vault as NSString).deletingLastPathComponent)
            .filter { $0.contains(".v1") }
        #expect(copies == ["vault.ztv.v1.bak"], "one copy, even when the conversion ran twice: \(copies)")
    }
}
