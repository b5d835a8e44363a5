import CredentialVault
import Foundation
import Testing
import TestSupport
@testable import ZTenantCore
import ZuoraAPI
import ZuoraMock

@Suite("Each vault failure reaches the CLI user with its own message and exit code")
struct VaultErrorTests {
    func initialized() async throws -> ScratchHome {
        let home = try ScratchHome()
        let created = try await home.run(["init"])
        #expect(created.status == 0, "\(created.allOutput)")
        return home
    }

    @Test func missingVault() async throws {
        let home = try ScratchHome()
        let result = try await home.run(["list"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("no vault at \(home.vault)"))
        #expect(result.stderr.contains("ztenant init"))
    }

    @Test func wrongPassphrase() async throws {
        let home = try await initialized()
        try home.setPassphrase("not the passphrase")
        let result = try await home.run(["list"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("wrong passphrase for the vault"))
    }

    @Test func noPassphraseSourceAndNoTerminalFailsAtOnce() async throws {
        let home = try await initialized()
        let result = try await home.run(["list"], environment: ["ZTENANT_PASSPHRASE_FILE": ""], newSession: true)
        #expect(result.status == 3)
        #expect(result.stderr.contains("no passphrase source and no terminal"))
    }

    @Test func passphraseFromADescriptorOrTheEnvironment() async throws {
        let home = try await initialized()
        let viaFD = try await home.run(["list", "--passphrase-fd", "0"], stdin: "correct horse battery staple\n",
            environment: ["ZTENANT_PASSPHRASE_FILE": ""])
        #expect(viaFD.status == 0, "\(viaFD.allOutput)")
        let viaEnvironment = try await home.run(["list"], environment: ["ZTENANT_PASSPHRASE_FILE": "", "ZTENANT_PASSPHRASE": "correct horse battery staple"])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment.allOutput)")
        let fdWins = try await home.run(["list", "--passphrase-fd", "0"], stdin: "wrong one\n")
        #expect(fdWins.status == 3, "--passphrase-fd comes first")
    }

    @Test func corruptedVaultPointsAtTheBackup() async throws {
        let home = try await initialized()
        _ = try await home.run(["add", "a", "--url", "https://rest.zuora.com", "--user", "u", "--password-stdin"], stdin: "p1")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: home.vault))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: home.vault))
        let result = try await home.run(["list"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("is corrupted (checksum mismatch"))
        #expect(result.stderr.contains("\(home.vault).bak"))
        let backup = try await home.run(["list", "--vault", home.vault + ".bak"])
        #expect(backup.status == 0, "the message's advice works: \(backup.allOutput)")
        #expect(backup.stdout.contains("No profiles yet"), "the backup is the generation before the add")
    }

    @Test func newerFormatVersion() async throws {
        let home = try await initialized()
        try VaultForgery.rewrite(home.vault) { $0[9] = 7 }
        let result = try await home.run(["list"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("uses format version 7, but this ztenant reads versions up to 2"))
    }

    @Test func kdfParametersOverTheCap() async throws {
        let home = try await initialized()
        try VaultForgery.rewrite(home.vault) { $0[11] = 28 }
        let result = try await home.run(["list"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("key-derivation parameters over the caps (scrypt N=2^28 r=8 p=1: N must be 2^10…2^20; it would need 256 GiB of memory"))
    }

    @Test func unsafePermissionsSayHowToFixThem() async throws {
        let home = try await initialized()
        chmod(home.vault, 0o640)
        let result = try await home.run(["list"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("readable by other users (mode 0640)"))
        #expect(result.stderr.contains("chmod 600 '\(home.vault)'"))
    }

    @Test func initRefusesToOverwrite() async throws {
        let home = try await initialized()
        let again = try await home.run(["init"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("a vault already exists"))
    }

    @Test func aShortNewPassphraseIsRefused() async throws {
        let home = try ScratchHome(passphrase: "short")
        let result = try await home.run(["init"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("at least 8 characters"))
        #expect(!FileManager.default.fileExists(atPath: home.vault))
    }

    @Test func noSuchProfileSuggestsTheClosestName() async throws {
        let home = try await initialized()
        _ = try await home.run(["add", "acme-prod", "--url", "https://rest.zuora.com", "--user", "u", "--password-stdin"], stdin: "p1")
        let result = try await home.run(["show", "acme-prd"])
        #expect(result.status == 10)
        #expect(result.stderr.contains("no profile named 'acme-prd'. Did you mean 'acme-prod'?"))
    }

    @Test func invalidAndDuplicateProfilesAreUsageErrors() async throws {
        let home = try await initialized()
        let invalid = try await home.run(["add", "x", "--url", "http://rest.zuora.com", "--user", " u", "--password-stdin"], stdin: "p1")
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("url: plain http:// is allowed only for loopback"))
        #expect(invalid.stderr.contains("user: user has leading or trailing spaces"))
        _ = try await home.run(["add", "x", "--url", "https://rest.zuora.com", "--user", "u", "--password-stdin"], stdin: "p1")
        let duplicate = try await home.run(["add", "x", "--url", "https://rest.zuora.com", "--user", "u", "--password-stdin"], stdin: "p1")
        #expect(duplicate.status == 2)
        #expect(duplicate.stderr.contains("already exists"))
    }

    @Test func importOfAVaultSaysItIsAVaultAndHowToExportFromIt() async throws {
        let home = try await initialized()
        let result = try await home.run(["import", home.vault], environment: ["ZTENANT_IMPORT_PASSPHRASE": "whatever1"])
        #expect(result.status == 2, "\(result.allOutput)")
        #expect(result.stderr.contains("\(home.vault) is a ztenant vault, not an export"), "\(result.stderr)")
        #expect(result.stderr.contains("ztenant --vault \(home.vault) export --out profiles.ztx"))
    }

    @Test func importOfAFileThatIsNotZtenantsIsRefused() async throws {
        let home = try await initialized()
        let other = home.root + "/notes.txt"
        try Data("just text".utf8).write(to: URL(fileURLWithPath: other))
        let result = try await home.run(["import", other], environment: ["ZTENANT_IMPORT_PASSPHRASE": "whatever1"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("is not a ztenant vault or export"))
    }

    @Test func importOfAMissingFileSaysSoBeforeAskingAnything() async throws {
        let home = try await initialized()
        // No vault passphrase source either: the file is checked first.
        let result = try await home.run(["import", home.root + "/missing.ztx"], environment: ["ZTENANT_PASSPHRASE_FILE": ""],
            newSession: true)
        #expect(result.status == 2, "\(result.allOutput)")
        #expect(result.stderr.contains("no file at \(home.root)/missing.ztx"), "\(result.stderr)")
    }

    @Test func aWrongExportPassphraseNamesTheExportAndItsSources() async throws {
        let home = try await initialized()
        let export = home.root + "/team.ztx"
        let exported = try await home.run(["export", "--out", export], environment: ["ZTENANT_NEW_PASSPHRASE": "the export one"])
        #expect(exported.status == 0, "\(exported.allOutput)")
        let wrong = try await home.run(["import", export], environment: ["ZTENANT_IMPORT_PASSPHRASE": "not the export one"])
        #expect(wrong.status == 3)
        #expect(wrong.stderr.contains("wrong passphrase for the export \(export)"), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("ZTENANT_IMPORT_PASSPHRASE"))
        let none = try await home.run(["import", export], newSession: true)
        #expect(none.status == 3)
        #expect(none.stderr.contains("no passphrase for the export \(export)"), "\(none.stderr)")
        #expect(none.stderr.contains("--import-passphrase-fd"))
    }
}

/// A vault a newer ztenant wrote (payload schema 4) through the real binary.
@Suite("A vault from a newer build is listed but never changed")
struct NewerSchemaCLITests {
    /// What a newer build would write in format 2: schema 4 in the profiles section, a field
    /// and a section this build does not know.
    struct FuturePayload: SectionedPayload {
        var profiles: [Profile]

        init(profiles: [Profile]) { self.profiles = profiles }
        init(sections: SectionReader) throws { throw SectionedPayloadError.newerSchema("only written by the test") }
        init(legacy plaintext: Data) throws { throw SectionedPayloadError.newerSchema("only written by the test") }
        var writeRefusal: String? { nil }
        static func refusal(forUndecodable plaintext: Data) -> String? { nil }

        func sectionsForWriting() throws -> [(name: String, content: SectionContent)] {
            var head = try SectionCoding.encodeProfiles(VaultPayload.ProfilesSection(schema: 1, profiles: profiles,
                ids: profiles.indices.map { String(format: "%032x", $0 + 1) }, activeProfile: nil, settings: Settings()))
            head.append(contentsOf: [0x08, 4])  // the schema, given again: the later value is read
            head.append(contentsOf: [0xCA, 0x06, 5] + Array("oauth".utf8))  // field 105: only the newer build knows it
            return [("profiles", .plaintext(head)), ("status", .plaintext(Data())), ("sessions", .plaintext(Data())),
                ("future/section", .plaintext(Data("kept".utf8)))]
        }
    }

    @Test func listWorksAndAddSaysWhyNothingWasWritten() async throws {
        let home = try ScratchHome()
        try FileManager.default.createDirectory(atPath: (home.vault as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let profile = Profile(name: "acme", baseURL: "https://rest.zuora.com", user: "u@example.com", password: Secret("p"))
        _ = try Vault<FuturePayload>.create(at: home.vault, passphrase: Passphrase("correct horse battery staple"),
            parameters: KDFParameters(logN: 10), payload: FuturePayload(profiles: [profile]))
        let list = try await home.run(["list"])
        #expect(list.status == 0, "\(list.allOutput)")
        #expect(list.stdout.contains("acme"))
        let add = try await home.run(["add", "other", "--url", "https://rest.zuora.com", "--user", "v", "--password-stdin"], stdin: "p\n")
        #expect(add.status == 4, "\(add.allOutput)")
        #expect(add.stderr.contains("was written by a newer ztenant (payload schema 4; this build understands up to 3)"), "\(add.stderr)")
        #expect(add.stderr.contains("nothing was written"))
        let doctor = try await home.run(["doctor"])
        #expect(doctor.stdout.contains("! the vault was written by a newer ztenant"), "\(doctor.stdout)")
    }

    @Test func anExportFromANewerBuildIsNotImported() async throws {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        var export = ExportPayload(profiles: [Profile(name: "new", baseURL: "https://rest.zuora.com", user: "u", password: Secret("p"))])
        export.schema = 4
        let path = home.root + "/newer.ztx"
        try SealedExport<ExportPayload>.write(export, to: path, passphrase: Passphrase("export passphrase"), parameters: KDFParameters(logN: 10))
        let before = try Data(contentsOf: URL(fileURLWithPath: home.vault))
        let result = try await home.run(["import", path], environment: ["ZTENANT_IMPORT_PASSPHRASE": "export passphrase"])
        #expect(result.status == 4, "\(result.allOutput)")
        #expect(result.stderr.contains("was written by a newer ztenant (export schema 4; this build understands up to 3)"), "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.vault)) == before)
    }

    @Test func writingCommandsStopBeforeAnyLoginAndSessionsAreHandedOutUnstored() async throws {
        try await withMockServer { server in
            let home = try ScratchHome()
            try FileManager.default.createDirectory(atPath: (home.vault as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let profile = Profile(name: "sbx", baseURL: server.baseURL, user: "demo@example.com", password: Secret("demo-password"))
            _ = try Vault<FuturePayload>.create(at: home.vault, passphrase: Passphrase("correct horse battery staple"),
                parameters: KDFParameters(logN: 10), payload: FuturePayload(profiles: [profile]))
            let before = try Data(contentsOf: URL(fileURLWithPath: home.vault))
            for command in [["check", "--all"], ["check", "sbx"], ["use", "sbx"], ["export", "--out", home.root + "/out.ztx"], ["rm", "sbx", "--yes"]] {
                let result = try await home.run(command, environment: ["ZTENANT_NEW_PASSPHRASE": "export passphrase"])
                #expect(result.status == 4, "\(command): \(result.allOutput)")
                #expect(result.stderr.contains("written by a newer ztenant"), "\(command): \(result.stderr)")
            }
            #expect(server.zuora.loginCount(user: "demo@example.com") == 0, "refused before any login")
            #expect(!FileManager.default.fileExists(atPath: home.root + "/out.ztx"), "no lossy export")

            let session = try await home.run(["session", "sbx"])
            #expect(session.status == 0, "\(session.allOutput)")
            #expect(!session.stdout.isEmpty, "the new session is handed out")
            #expect(server.zuora.loginCount(user: "demo@example.com") == 1)
            #expect(try Data(contentsOf: URL(fileURLWithPath: home.vault)) == before, "and not stored: the vault is unchanged")
        }
    }
}
