import CredentialVault
import Foundation
import ZTenantCore
import ZuoraAPI
import ZuoraMock

/// A vault in a fresh temporary folder with cheap KDF parameters.
final class ScratchVault {
    let folder: String
    let vault: Vault<VaultPayload>

    var path: String { vault.path }

    init(_ payload: VaultPayload = VaultPayload()) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-core-\(UUID().uuidString)").path
        vault = try Vault<VaultPayload>.create(at: folder + "/vault.ztv", passphrase: Passphrase("test passphrase"),
            parameters: KDFParameters(logN: 10), payload: payload)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
}

func profile(_ name: String, _ baseURL: String, user: String = "demo@example.com", password: String = "demo-password",
    entity: EntitySelector = .none) -> Profile
{
    Profile(name: name, baseURL: baseURL, user: user, password: Secret(password), entity: entity)
}
