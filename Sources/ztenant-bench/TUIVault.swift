import CredentialVault
import Foundation
import ZTenantCore
import ZuoraAPI

/// Writes the vault the TUI benchmark opens: 1,000 profiles with history; the first 200
/// (tagged `mockbench`, the filter the benchmark checks) point at the mock server. The other
/// 800 point at an unroutable loopback port, so nothing could leave the machine even if
/// they were checked.
enum TUIVault {
    static func make(path: String, mockURL: String, passphrase: String) throws {
        var payload = VaultBenchmark.payload(profiles: 1000, history: 10)
        for index in payload.profiles.indices {
            payload.profiles[index].baseURL = "http://127.0.0.1:9"
            payload.profiles[index].tags = ["team-\(index % 7)"]
        }
        for index in 0..<200 {
            payload.profiles[index].baseURL = mockURL
            payload.profiles[index].user = "bench@example.com"
            payload.profiles[index].password = Secret("bench-password")
            payload.profiles[index].tags = ["mockbench"]
        }
        _ = try Vault<VaultPayload>.create(at: path, passphrase: Passphrase(passphrase), parameters: KDFParameters(logN: 10), payload: payload)
    }
}
