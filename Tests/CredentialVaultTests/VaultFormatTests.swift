import CredentialVault
import Foundation
import Testing
import TestSupport

@Suite("The vault round-trips, and every failure has its own error")
struct VaultFormatTests {
    static let cheap = KDFParameters(logN: 10, r: 8, p: 1)

    @Test func createOpenSaveRoundTrip() throws {
        let folder = TemporaryFolder()
        let path = folder.file("sub/dir/vault.ztv")
        let vault = try Vault<Notes>.create(at: path, passphrase: Passphrase("correct horse"), parameters: Self.cheap,
            payload: Notes(items: ["a"]))
        try vault.save(Notes(items: ["a", "b"]))
        let (reopened, payload) = try Vault<Notes>.open(at: path, passphrase: Passphrase("correct horse"))
        #expect(payload == Notes(items: ["a", "b"]))
        #expect(reopened.parameters == Self.cheap)
        let backup = try Vault<Notes>.open(at: path + ".bak", passphrase: Passphrase("correct horse")).payload
        #expect(backup == Notes(items: ["a"]), "the previous generation is kept")
    }

    @Test func filesAndFoldersAreCreatedPrivate() throws {
        let folder = TemporaryFolder()
        let path = folder.file("new/vault.ztv")
        _ = try Vault<Notes>.create(at: path, passphrase: Passphrase("p"), parameters: Self.cheap, payload: Notes(items: []))
        let fileMode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        let folderMode = try #require(FileManager.default.attributesOfItem(atPath: folder.file("new"))[.posixPermissions] as? Int)
        #expect(fileMode == 0o600)
        #expect(folderMode == 0o700)
    }

    @Test func aFreshNonceIsUsedOnEverySave() throws {
        let folder = TemporaryFolder()
        let path = folder.file("vault.ztv")
        let vault = try Vault<Notes>.create(at: path, passphrase: Passphrase("p"), parameters: Self.cheap, payload: Notes(items: ["x"]))
        let first = try Data(contentsOf: URL(fileURLWithPath: path))
        try vault.save(Notes(items: ["x"]))
        let second = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(first.count == second.count)
        #expect(first != second, "same contents, different ciphertext")
        #expect(!String(decoding: second, as: UTF8.self).contains("\"items\""), "nothing in clear")
    }

    @Test func wrongPassphraseIsReportedDistinctlyFromCorruption() throws {
        let folder = TemporaryFolder()
        let path = folder.file("vault.ztv")
        _ = try Vault<Notes>.create(at: path, passphrase: Passphrase("right"), parameters: Self.cheap, payload: Notes(items: []))
        #expect(throws: VaultError.wrongPassphrase(path: path)) {
            _ = try Vault<Notes>.open(at: path, passphrase: Passphrase("wrong"))
        }
    }

    @Test func aTruncatedVaultIsCorruptedAndPointsAtTheBackup() throws {
        let folder = TemporaryFolder()
        let path = folder.file("vault.ztv")
        let vault = try Vault<Notes>.create(at: path, passphrase: Passphrase("p"), parameters: Self.cheap, payload: Notes(items: []))
        try vault.save(Notes(items: ["kept"]))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 10).write(to: URL(fileURLWithPath: path))
        do {
            _ = try Vault<Notes>.open(at: path, passphrase: Passphrase("p"))
            Issue.record("opened a truncated vault")
        } catch let error as VaultError {
            guard case .corrupted(_, _, let backup) = error else { Issue.record("\(error)"); return }
            #expect(backup == path + ".bak")
            #expect(error.description.contains("ztenant --vault \(path).bak list"))
        }
    }

    @Test func aNewerFormatVersionSaysWhichVersion() throws {
        let folder = TemporaryFolder()
        let path = folder.file("vault.ztv")
        _ = try Vault<Notes>.create(at: path, passphrase: Passphrase("p"), parameters: Self.cheap, payload: Notes(items: []))
        try VaultForgery.rewrite(path) { bytes in bytes[9] = 3 }
        #expect(throws: VaultError.unsupportedVersion(path: path, found: 3, supported: 2)) {
            _ = try Vault<Notes>.open(at: path, passphrase: Passphrase("p"))
        }
    }

    @Test func kdfParametersOverTheCapAreRefusedWithoutDerivingAKey() throws {
        let folder = TemporaryFolder()
        let path = folder.file("vault.ztv")
        _ = try Vault<Notes>.create(at: path, passphrase: Passphrase("p"), parameters: Self.cheap, payload: Notes(items: []))
        try VaultForgery.rewrite(path) { bytes in bytes[11] = 30 }
        #expect(throws: VaultError.kdfParametersOutOfRange(parameters: "scrypt N=2^30 r=8 p=1",
            cost: "N must be 2^10…2^20; it would need 1 TiB of memory (the cap is 1 GiB); it would take 8192× the default's work (the cap is 16×)")) {
            _ = try Vault<Notes>.open(at: path, passphrase: Passphrase("p"))
        }
    }

    @Test func aVaultReadableByOthersIsRefusedWithTheFix() throws {
        let folder = TemporaryFolder()
        let path = folder.file("vault.ztv")
        _ = try Vault<Notes>.create(at: path, passphrase: Passphrase("p"), parameters: Self.cheap, payload: Notes(items: []))
        chmod(path, 0o644)
        #expect(throws: VaultError.unsafePermissions(path: path, mode: "0644", fix: "chmod 600 '\(path)'")) {
            _ = try Vault<Notes>.open(at: path, passphrase: Passphrase("p"))
        }
    }

    @Test func aMissingVaultSaysHowToCreateOne() {
        let path = "/nonexistent/vault.ztv"
        #expect(throws: VaultError.missing(path: path)) {
            _ = try Vault<Notes>.open(at: path, passphrase: Passphrase("p"))
        }
        #expect(VaultError.missing(path: path).description.contains("ztenant init"))
    }

    @Test func creatingOverAnExistingVaultIsRefused() throws {
        let folder = TemporaryFolder()
        let path = folder.file("vault.ztv")
        _ = try Vault<Notes>.create(at: path, passphrase: Passphrase("p"), parameters: Self.cheap, payload: Notes(items: ["keep"]))
        #expect(throws: VaultError.alreadyExists(path: path)) {
            _ = try Vault<Notes>.create(at: path, passphrase: Passphrase("q"), parameters: Self.cheap, payload: Notes(items: []))
        }
        #expect(try Vault<Notes>.open(at: path, passphrase: Passphrase("p")).payload == Notes(items: ["keep"]))
    }

    @Test func aForeignFileIsNotAVault() throws {
        let folder = TemporaryFolder()
        let path = folder.file("notes.txt")
        try Data("hello, this is not a vault".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        #expect(throws: VaultError.notAVault(path: path)) {
            _ = try Vault<Notes>.open(at: path, passphrase: Passphrase("p"))
        }
    }

    @Test func rekeyChangesThePassphraseAndSalt() throws {
        let folder = TemporaryFolder()
        let path = folder.file("vault.ztv")
        let vault = try Vault<Notes>.create(at: path, passphrase: Passphrase("old"), parameters: Self.cheap, payload: Notes(items: ["x"]))
        let before = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        try vault.rekey(to: Passphrase("new"), parameters: KDFParameters(logN: 11))
        let after = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(before[15..<47] != after[15..<47], "a new salt")
        #expect(throws: VaultError.wrongPassphrase(path: path)) {
            _ = try Vault<Notes>.open(at: path, passphrase: Passphrase("old"))
        }
        let reopened = try Vault<Notes>.open(at: path, passphrase: Passphrase("new"))
        #expect(reopened.payload == Notes(items: ["x"]))
        #expect(reopened.vault.parameters == KDFParameters(logN: 11))
    }

    @Test func exportsAreSealedAndNotVaults() throws {
        let folder = TemporaryFolder()
        let path = folder.file("export.ztv")
        try SealedExport<Notes>.write(Notes(items: ["e"]), to: path, passphrase: Passphrase("x"), parameters: Self.cheap)
        #expect(try SealedExport<Notes>.read(at: path, passphrase: Passphrase("x")) == Notes(items: ["e"]))
        #expect(throws: VaultError.wrongPassphrase(path: path)) {
            _ = try SealedExport<Notes>.read(at: path, passphrase: Passphrase("y"))
        }
        #expect(throws: VaultError.notAVault(path: path)) {
            _ = try Vault<Notes>.open(at: path, passphrase: Passphrase("x"))
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: VaultError.fileExists(path: path)) {
            try SealedExport<Notes>.write(Notes(items: []), to: path, passphrase: Passphrase("x"), parameters: Self.cheap)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    /// Security finding 11: the export is linked into place, so even a file that appears
    /// between any check and the write (here: a symlink to a file the user cares about)
    /// is never written through or over.
    @Test func anExportNeverWritesOverOrThroughAnExistingName() throws {
        let folder = TemporaryFolder()
        let precious = folder.file("precious.txt")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: precious))
        let path = folder.file("export.ztv")
        #expect(symlink(precious, path) == 0)
        #expect(throws: VaultError.fileExists(path: path)) {
            try SealedExport<Notes>.write(Notes(items: ["e"]), to: path, passphrase: Passphrase("x"), parameters: Self.cheap)
        }
        #expect(try String(contentsOfFile: precious, encoding: .utf8) == "keep me")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["export.ztv", "precious.txt"], "no temporary file is left behind")
    }

    @Test func openingMakesTheProcessNonDumpable() throws {
        let folder = TemporaryFolder()
        let path = folder.file("vault.ztv")
        _ = try Vault<Notes>.create(at: path, passphrase: Passphrase("p"), parameters: Self.cheap, payload: Notes(items: []))
        #expect(ProcessHardening.isNonDumpable)
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
        #expect(limit.rlim_cur == 0)
    }
}

