import CredentialVault
import Foundation
import Testing

@Suite("Writers never silently drop each other's changes")
struct ConcurrencyTests {
    @Test func aStaleWriterIsRefusedNotAllowedToOverwrite() throws {
        let folder = TemporaryFolder()
        let path = folder.file("vault.ztv")
        _ = try Vault<Notes>.create(at: path, passphrase: Passphrase("p"), parameters: KDFParameters(logN: 10), payload: Notes(items: []))
        let (first, _) = try Vault<Notes>.open(at: path, passphrase: Passphrase("p"))
        let (second, _) = try Vault<Notes>.open(at: path, passphrase: Passphrase("p"))
        try first.save(Notes(items: ["from first"]))
        #expect(throws: VaultError.changedOnDisk(path: path)) {
            try second.save(Notes(items: ["from second"]))
        }
        #expect(try second.reload() == Notes(items: ["from first"]))
        try second.update { $0.items.append("from second") }
        #expect(try first.reload() == Notes(items: ["from first", "from second"]), "update merges")
    }

    @Test func updatesFromManyThreadsAllLand() async throws {
        let folder = TemporaryFolder()
        let path = folder.file("vault.ztv")
        _ = try Vault<Notes>.create(at: path, passphrase: Passphrase("p"), parameters: KDFParameters(logN: 10), payload: Notes(items: []))
        let handles = try (0..<4).map { _ in try Vault<Notes>.open(at: path, passphrase: Passphrase("p")).vault }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, vault) in handles.enumerated() {
                group.addTask {
                    for round in 0..<10 {
                        try vault.update { $0.items.append("\(index)-\(round)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let items = try handles[0].reload().items
        #expect(items.count == 40)
        #expect(Set(items).count == 40)
    }

}
