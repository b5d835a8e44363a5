import CredentialVault
import Foundation
import ZTenantCore
import ZuoraAPI

/// Writes the vault the TUI benchmark opens: 1,000 profiles with history; the first 200
/// (tagged `bench`) point at the mock server, the rest at Zuora's hosts.
enum TUIVault {
    static func make(path: String, mockURL: String, passphrase: String) throws {
        var payload = VaultBenchmark.payload(profiles: 1000, history: 10)
        for index in 0..<200 {
            payload.profiles[index].baseURL = mockURL
            payload.profiles[index].user = "bench@example.com"
            payload.profiles[index].password = Secret("bench-password")
            payload.profiles[index].tags = ["bench"]
        }
        _ = try Vault<VaultPayload>.create(at: path, passphrase: Passphrase(passphrase), parameters: KDFParameters(logN: 10), payload: payload)
    }
}
