import CredentialVault
import Foundation
import ZTenantCore
import ZTenantTUI
import ZuoraAPI

/// A real vault of fixture profiles in a throwaway folder, opened by an effect runner with
/// its queue: what the runtime and key-handover tests drive.
final class ScratchRunner {
    let folder: String
    let vault: Vault<VaultPayload>
    let queue = EventQueue()
    let client: ConnectionClient
    let runner: EffectRunner

    init(passphrase: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-tui-\(UUID())").path
        vault = try Vault<VaultPayload>.create(at: folder + "/vault.ztv", passphrase: Passphrase(passphrase),
            parameters: KDFParameters(logN: 10), payload: TUIFixtures.payload())
        client = try ConnectionClient()
        runner = EffectRunner(queue: queue, vaultPath: vault.path, client: client)
        runner.adopt(vault)
    }

    deinit {
        let client = client
        Task { try? await client.shutdown() }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
