import CredentialVault
import Foundation
import ZTenantCore
import ZuoraAPI
import ZuoraMock

/// `ztenant check --all` over 200 profiles on one host at the default pace (90 logins a
/// minute per host) against a mock that enforces Zuora's 100 a minute per client IP: how long
/// it takes against the ideal, and that no login was answered 429. Takes about two minutes.
enum PacedCheckBenchmark {
    static let profiles = 200

    static func run(folder: String, binary: String) async throws {
        let rate = FleetRate.default
        Report.say("== paced check --all: \(profiles) profiles on one host at \(rate), mock limit 100/min per IP (about 2 minutes)")
        let configuration = MockConfiguration(users: [MockUser(name: "bench@example.com", password: "bench-password")],
            authRequestsPerWindow: 100, windowSeconds: 60)
        let server = try await MockZuoraServer.start(configuration: configuration)
        let vaultPath = folder + "/paced.ztv"
        var payload = VaultPayload()
        for index in 0..<profiles {
            try payload.add(Profile(name: "p\(index)", baseURL: server.baseURL, user: "bench@example.com", password: Secret("bench-password")))
        }
        _ = try Vault<VaultPayload>.create(at: vaultPath, passphrase: Passphrase("benchmark passphrase"),
            parameters: KDFParameters(logN: 10), payload: payload)

        let wall = try await Stopwatch.once {
            let status = try CheckBenchmark.run(binary, ["check", "--all", "--vault", vaultPath], environment: ["ZTENANT_PASSPHRASE": "benchmark passphrase"])
            // Exit 0 means every profile was ok: none was answered 429.
            guard status == 0 else { throw BenchmarkFailure(what: "paced check --all exited \(status) (30: some login failed, e.g. a 429)") }
        }
        let seconds = wall / 1000
        let windows = Double((profiles - 1) / rate.logins)
        let windowBound = windows * 60
        let budgetIdeal = Double(profiles) / Double(rate.logins) * 60
        Report.line("ztenant check --all, paced (wall, whole process)", String(format: "%.1f s", seconds))
        Report.line("  ideal: \(profiles) / \(rate.logins) per minute", String(format: "%.1f s", budgetIdeal))
        Report.line("  sliding-window bound: \(Int(windows)) full windows of 60 s", String(format: "%.1f s", windowBound))
        Report.line("  ratio check / ideal", Report.ratio(seconds / budgetIdeal))
        Report.line("  ratio check / window bound", Report.ratio(seconds / windowBound))
        Report.line("  logins sent / answered ok (none was a 429)", "\(server.zuora.requests.count) / \(profiles)")
        await server.shutdown()
    }
}
