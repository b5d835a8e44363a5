import Foundation
import Testing

@testable import CredentialVault

/// Security finding 1: a rekey makes the old passphrase useless, everywhere.
@Suite("Rekey draws a new data key, reseals the backup, and stops holders of the old key")
struct RekeyTests {
    static let cheap = KDFParameters(logN: 10)

    func makeVault(_ folder: TemporaryFolder) throws -> Vault<Notes> {
        let vault = try Vault<Notes>.create(at: folder.file("vault.ztv"), passphrase: Passphrase("old passphrase"),
            parameters: Self.cheap, payload: Notes(items: ["a"]))
        try vault.update { $0.items.append("b") }
        try vault.update { $0.items.append("c") }
        return vault
    }

    @Test func rekeyDrawsANewDataKeyAndTheOldPassphraseOpensNeitherTheVaultNorItsBackup() throws {
        let folder = TemporaryFolder()
        let vault = try makeVault(folder)
        let oldKey = vault.dataKeyFingerprint
        // An older copy kept elsewhere (a laptop backup, a synced folder) still opens with the
        // old passphrase, as it must; what matters is that its key opens nothing newer.
        let laptopCopy = folder.file("laptop-copy.ztv")
        try FileManager.default.copyItem(atPath: vault.path, toPath: laptopCopy)
        let (copy, _) = try Vault<Notes>.open(at: laptopCopy, passphrase: Passphrase("old passphrase"))
        #expect(copy.dataKeyFingerprint == oldKey)

        let backup = try vault.rekey(to: Passphrase("new passphrase"))
        #expect(backup == .resealed(path: vault.backupPath))
        #expect(vault.dataKeyFingerprint != oldKey, "a new data key, not the old one resealed")

        for path in [vault.path, vault.backupPath] {
            #expect(throws: VaultError.wrongPassphrase(path: path)) {
                _ = try Vault<Notes>.open(at: path, passphrase: Passphrase("old passphrase"))
            }
        }
        let (reopened, payload) = try Vault<Notes>.open(at: vault.path, passphrase: Passphrase("new passphrase"))
        #expect(payload.items == ["a", "b", "c"])
        #expect(reopened.dataKeyFingerprint == vault.dataKeyFingerprint)
        let (resealedBackup, previous) = try Vault<Notes>.open(at: vault.backupPath, passphrase: Passphrase("new passphrase"))
        #expect(previous.items == ["a", "b"], "the backup keeps the previous generation")
        #expect(resealedBackup.dataKeyFingerprint == vault.dataKeyFingerprint)
    }

    @Test func aBackupTheOldKeyCannotOpenIsRemovedAndSaidSo() throws {
        let folder = TemporaryFolder()
        let vault = try makeVault(folder)
        // Some other vault's file where the backup should be.
        let other = try Vault<Notes>.create(at: folder.file("other.ztv"), passphrase: Passphrase("old passphrase"),
            parameters: Self.cheap, payload: Notes(items: ["x"]))
        try FileManager.default.removeItem(atPath: vault.backupPath)
        try FileManager.default.copyItem(atPath: other.path, toPath: vault.backupPath)
        #expect(try vault.rekey(to: Passphrase("new passphrase")) == .removed(path: vault.backupPath))
        #expect(!FileManager.default.fileExists(atPath: vault.backupPath))
    }

    @Test func aHandleHoldingTheOldKeyStopsOnItsNextReadOrWrite() throws {
        let folder = TemporaryFolder()
        let stale = try makeVault(folder)
        let (other, _) = try Vault<Notes>.open(at: stale.path, passphrase: Passphrase("old passphrase"))
        try other.rekey(to: Passphrase("new passphrase"))
        let afterRekey = try Data(contentsOf: URL(fileURLWithPath: stale.path))

        #expect(throws: VaultError.rekeyedElsewhere(path: stale.path)) {
            try stale.update { $0.items.append("under the old key") }
        }
        #expect(throws: VaultError.rekeyedElsewhere(path: stale.path)) {
            try stale.save(Notes(items: ["under the old key"]))
        }
        #expect(throws: VaultError.rekeyedElsewhere(path: stale.path)) {
            _ = try stale.reload()
        }
        #expect(throws: VaultError.rekeyedElsewhere(path: stale.path)) {
            try stale.rekey(to: Passphrase("a third passphrase"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: stale.path)) == afterRekey, "nothing was written")
        #expect(VaultError.rekeyedElsewhere(path: stale.path).description.contains("rekeyed elsewhere"))
        #expect(VaultError.rekeyedElsewhere(path: stale.path).description.contains("Unlock again"))
        // The handle that rekeyed goes on working.
        try other.update { $0.items.append("d") }
        #expect(try Vault<Notes>.open(at: stale.path, passphrase: Passphrase("new passphrase")).payload.items == ["a", "b", "c", "d"])
    }

    @Test func anOlderGenuineCopyPutBackIsRefusedByAProcessThatSawANewerOne() throws {
        let folder = TemporaryFolder()
        let vault = try makeVault(folder)
        #expect(vault.generation == 3)
        let old = try Data(contentsOf: URL(fileURLWithPath: vault.path))
        try vault.update { $0.items.append("d") }
        try vault.update { $0.items.append("e") }
        #expect(vault.generation == 5)
        try old.write(to: URL(fileURLWithPath: vault.path))

        #expect(throws: VaultError.rolledBack(path: vault.path, found: 3, seen: 5)) { _ = try vault.reload() }
        #expect(throws: VaultError.rolledBack(path: vault.path, found: 3, seen: 5)) {
            try vault.update { $0.items.append("adopted?") }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: vault.path)) == old, "the old copy was not written on")
        // A process that never saw the newer generation has nothing to compare with.
        let (fresh, payload) = try Vault<Notes>.open(at: vault.path, passphrase: Passphrase("old passphrase"))
        #expect(fresh.generation == 3)
        #expect(payload.items == ["a", "b", "c"])
    }

    @Test func aCopyFromBeforeThisProcesssOwnRekeyIsARollbackNotARekeyElsewhere() throws {
        let folder = TemporaryFolder()
        let vault = try makeVault(folder)
        let beforeRekey = try Data(contentsOf: URL(fileURLWithPath: vault.path))
        try vault.rekey(to: Passphrase("new passphrase"))
        try beforeRekey.write(to: URL(fileURLWithPath: vault.path))
        #expect(throws: VaultError.rolledBack(path: vault.path, found: nil, seen: 4)) { _ = try vault.reload() }
        #expect(throws: VaultError.rolledBack(path: vault.path, found: nil, seen: 4)) {
            try vault.update { $0.items.append("x") }
        }
        #expect(VaultError.rolledBack(path: vault.path, found: nil, seen: 4).description.contains("from before this process rekeyed it"))
    }

    @Test func aRekeyThatFailsLeavesTheVaultAsItWas() throws {
        let folder = TemporaryFolder()
        let vault = try makeVault(folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: vault.path))
        // A backup that can be neither resealed nor removed (a folder stands at its name)
        // stops the rekey before the vault changes.
        try FileManager.default.removeItem(atPath: vault.backupPath)
        try FileManager.default.createDirectory(atPath: vault.backupPath + "/inside", withIntermediateDirectories: true)
        #expect(throws: VaultError.self) { try vault.rekey(to: Passphrase("new passphrase")) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: vault.path)) == before)
        #expect(try Vault<Notes>.open(at: vault.path, passphrase: Passphrase("old passphrase")).payload.items == ["a", "b", "c"])
    }

    @Test func everyWriteAdvancesTheSealedGeneration() throws {
        let folder = TemporaryFolder()
        let vault = try Vault<Notes>.create(at: folder.file("vault.ztv"), passphrase: Passphrase("p"),
            parameters: Self.cheap, payload: Notes(items: []))
        #expect(vault.generation == 1)
        try vault.save(Notes(items: ["x"]))
        #expect(vault.generation == 2)
        try vault.update { $0.items.append("y") }
        #expect(vault.generation == 3)
        try vault.rekey(to: Passphrase("q"))
        #expect(vault.generation == 4)
        #expect(try Vault<Notes>.open(at: vault.path, passphrase: Passphrase("q")).vault.generation == 4)
    }

    @Test func aVaultSealedBeforeGenerationsExistedOpensAsGenerationZero() throws {
        let folder = TemporaryFolder()
        let path = folder.file("vault.ztv")
        // Seal the way the first release did: the plaintext is the JSON itself.
        let salt = [UInt8](repeating: 7, count: 32)
        let kek = try KeyDerivation.deriveKey(passphrase: Passphrase("p"), salt: salt, parameters: Self.cheap)
        var file = VaultFile(parameters: Self.cheap, salt: salt, kind: .vault, sealedKey: [], sealedPayload: [])
        let dataKey = [UInt8](repeating: 9, count: 32)
        file.sealedKey = Array(try ChaChaPoly.seal(dataKey, using: kek, authenticating: file.header).combined)
        let json = try JSONEncoder().encode(Notes(items: ["legacy"]))
        file.sealedPayload = Array(try ChaChaPoly.seal(json, using: SymmetricKey(data: dataKey),
            authenticating: file.payloadAssociatedData).combined)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(file.serialized()), attributes: [.posixPermissions: 0o600]))

        let (vault, payload) = try Vault<Notes>.open(at: path, passphrase: Passphrase("p"))
        #expect(payload.items == ["legacy"])
        #expect(vault.generation == 0)
        try vault.update { $0.items.append("new") }
        #expect(vault.generation == 1)
    }
}

import Crypto
