import CredentialVault
import Foundation
import Synchronization
import Testing
import TestSupport
import ZTenantCore
import ZuoraAPI

/// Format version 1 files written by ztenant 0.1 (`Tests/Fixtures/vaults`, made with the
/// build of 2026-11-29 against the mock: three profiles, a check of all, one more check, `use`,
/// and an export). Whatever the format becomes, these must keep opening with everything in them.
@Suite("Version 1 vaults and exports written by 0.1 still open with everything in them")
struct VersionOneFixtureTests {
    static let folder = Fixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/vaults").path

    /// A private copy (the vault refuses a file others can read, and opening must not touch the fixture).
    func copy(_ name: String) throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-v1-\(UUID())").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = scratch + "/" + name
        try FileManager.default.copyItem(atPath: Self.folder + "/" + name, toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    @Test func theVersion1VaultOpensWithProfilesHistoryAndSessions() throws {
        let path = try copy("v1-vault.ztv")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let (_, payload) = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("fixture passphrase v1"))
        #expect(payload.profiles.map(\.name) == ["acme-prod-us", "acme-sandbox", "globex-europe"])
        #expect(payload.activeProfile == "acme-prod-us")
        let europe = try #require(payload.profile(named: "globex-europe"))
        #expect(europe.entity == .name("Europe"))
        #expect(payload.profile(named: "acme-prod-us")?.notes == "primary US tenant")
        #expect(try payload.history(of: "acme-sandbox").map(\.status) == [.authFailed, .authFailed])
        #expect(try payload.history(of: "acme-sandbox").last?.reasons.first?.code == "90000011")
        #expect(payload.lastOutcome(of: "acme-prod-us")?.status == .ok)
        #expect(Set(payload.sessions.keys) == ["acme-prod-us", "globex-europe"])
        #expect(payload.schema == 1 && payload.writeRefusal == nil, "a 0.1 payload is schema 1 and writable")
        #expect(throws: VaultError.self, "a wrong passphrase is still told apart") {
            try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("not it"))
        }
    }

    @Test func theVersion1VaultTakesWritesAndARekey() throws {
        let path = try copy("v1-vault.ztv")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let (vault, _) = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("fixture passphrase v1"))
        try vault.update { try $0.setActive("globex-europe") }
        try vault.rekey(to: Passphrase("a new passphrase"))
        let (_, reread) = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("a new passphrase"))
        #expect(reread.activeProfile == "globex-europe")
        #expect(try reread.history(of: "acme-sandbox").count == 2, "history survives the write and the rekey")
    }

    /// The converting write hashes the whole new file; the writes after it resume from the
    /// chain states it took. Each must leave a file doctor finds whole.
    @Test func writesAfterTheConversionResumeFromItsChainStatesAndLeaveWholeFiles() throws {
        let path = try copy("v1-vault.ztv")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let (vault, before) = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("fixture passphrase v1"))
        let checks = try before.history(of: "acme-prod-us").count
        let steps: [(String, (inout VaultPayload) throws -> Void)] = [
            ("the converting write", { try $0.setActive("globex-europe") }),
            ("a password change", { try $0.edit("acme-sandbox") { $0.password = Secret("new-password") } }),
            ("a check", { $0.record(ConnectionOutcome(status: .ok, url: "https://rest.zuora.com/v1/connections", httpStatus: 200,
                latencyMs: 80, checkedAt: Date(), detail: "d"), for: "acme-prod-us") }),
            ("the same check again", { $0.record(ConnectionOutcome(status: .ok, url: "https://rest.zuora.com/v1/connections",
                httpStatus: 200, latencyMs: 81, checkedAt: Date(), detail: "d"), for: "acme-prod-us") }),
        ]
        for (name, change) in steps {
            try vault.update { try change(&$0) }
            #expect(throws: Never.self, "\(name): doctor's check of the whole file") { try VaultInspection.inspect(at: path) }
            #expect(try vault.chainStatesMatchFile() == true, "\(name)")
        }
        #expect(try VaultInspection.inspect(at: path + ".bak").version == 2, "the backup is the previous format 2 file, whole")
        let (_, reread) = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("fixture passphrase v1"))
        #expect(try reread.history(of: "acme-prod-us").count == checks + 2)
        #expect(reread.profile(named: "acme-sandbox")?.password.reveal() == "new-password")
    }

    @Test func theFirstWriteKeepsTheVersion1FileAndConvertsSayingSoOnce() throws {
        let path = try copy("v1-vault.ztv")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let (vault, payload) = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("fixture passphrase v1"))
        #expect(vault.formatVersion == 1 && vault.identity == nil)
        let notices = Mutex<[String]>([])
        vault.whenConverted { notice in notices.withLock { $0.append(notice) } }
        _ = try payload.history(of: "acme-sandbox")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original, "reading converts nothing")

        try vault.update { try $0.setActive("globex-europe") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: vault.versionOneBackupPath)) == original, "the format 1 file, byte for byte")
        #expect(vault.formatVersion == 2)
        let identity = try #require(vault.identity)
        #expect(try VaultInspection.inspect(at: path).version == 2)
        try vault.update { try $0.setActive("acme-sandbox") }
        #expect(notices.withLock { $0 }.count == 1, "said once")
        #expect(notices.withLock { $0 }.first?.contains(vault.versionOneBackupPath) == true)

        let (reopened, converted) = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("fixture passphrase v1"))
        #expect(reopened.identity == identity)
        #expect(converted.profiles.map(\.name) == ["acme-prod-us", "acme-sandbox", "globex-europe"])
        #expect(try converted.history(of: "acme-sandbox").map(\.status) == [.authFailed, .authFailed])
        #expect(converted.status(of: "acme-sandbox")?.checks == 2, "the status was derived from the format 1 history")
        #expect(Set(converted.sessions.keys) == ["acme-prod-us", "globex-europe"])
        // The kept file still opens as format 1 (what an older build would do with it).
        #expect(try Vault<VaultPayload>.open(at: vault.versionOneBackupPath, passphrase: Passphrase("fixture passphrase v1"))
            .vault.formatVersion == 1)
    }

    @Test func rekeyResealsEveryBackupTheVersion1CopyIncluded() throws {
        let path = try copy("v1-vault.ztv")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let (vault, _) = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("fixture passphrase v1"))
        try vault.update { try $0.setActive("globex-europe") }
        let backups = try vault.rekeyAll(to: Passphrase("a new passphrase"))
        #expect(backups == [.resealed(path: vault.backupPath), .resealed(path: vault.versionOneBackupPath)])
        for file in [path, vault.backupPath, vault.versionOneBackupPath] {
            #expect(throws: VaultError.wrongPassphrase(path: file), "the old passphrase opens nothing: \(file)") {
                try Vault<VaultPayload>.open(at: file, passphrase: Passphrase("fixture passphrase v1"))
            }
            let (_, reread) = try Vault<VaultPayload>.open(at: file, passphrase: Passphrase("a new passphrase"))
            #expect(try reread.history(of: "acme-sandbox").count == 2, "\(file) keeps its contents")
        }
    }

    @Test func aProcessHoldingTheFormat1FileWritesOnAfterAnotherConvertedIt() throws {
        let path = try copy("v1-vault.ztv")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let (first, _) = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("fixture passphrase v1"))
        let (second, _) = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("fixture passphrase v1"))
        try second.update { try $0.edit("acme-sandbox") { $0.notes = "from the second" } }
        #expect(second.formatVersion == 2)
        // The first still holds the format 1 sealed key: it sees the same data key sealed anew.
        try first.update { try $0.edit("globex-europe") { $0.notes = "from the first" } }
        #expect(first.formatVersion == 2 && first.identity == second.identity)
        let (_, payload) = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("fixture passphrase v1"))
        #expect(payload.profile(named: "acme-sandbox")?.notes == "from the second")
        #expect(payload.profile(named: "globex-europe")?.notes == "from the first", "both writes landed")
        // The format 1 file put back is an old copy to the first process, not someone's rekey.
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: first.versionOneBackupPath, toPath: path)
        #expect(throws: VaultError.rolledBack(path: path, found: nil, seen: first.generation)) { try first.reload() }
    }

    @Test func theVersion1ExportImports() throws {
        let path = try copy("v1-export.ztx")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let export = try SealedExport<ExportPayload>.read(at: path, passphrase: Passphrase("fixture export v1"))
        #expect(export.profiles.map(\.name) == ["acme-prod-us", "acme-sandbox", "globex-europe"])
        #expect(export.profiles.first?.password.reveal() == "demo-password")
    }
}
