import CredentialVault
import Foundation
import ZTenantAgent
import ZTenantCore
import ZuoraAPI
import ZuoraMock

/// `ztenant env NAME` on a 30-profile vault at the default KDF cost, with a fresh session
/// stored (nothing is written): opened with the agent's key against opened with a passphrase
/// file, same run; and the agent's memory at rest (issue #10).
enum AgentBenchmark {
    static let profiles = 30
    static let runs = 20

    static func run(folder: String, binary: String) async throws {
        Report.say("== agent: env NAME, \(profiles) profiles, default KDF (2^\(KDFParameters.default.logN)), median of \(runs)")
        var configuration = MockConfiguration.demo
        configuration.authRequestsPerWindow = 1_000_000
        let server = try await MockZuoraServer.start(configuration: configuration)
        let runtime = folder + "/agent-run"
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let vaultPath = folder + "/agent.ztv"
        let passphraseFile = folder + "/agent-passphrase"
        _ = FileManager.default.createFile(atPath: passphraseFile, contents: Data("benchmark passphrase\n".utf8),
            attributes: [.posixPermissions: 0o600])
        var payload = VaultPayload()
        for index in 0..<profiles {
            try payload.add(Profile(name: "p\(index)", baseURL: server.baseURL, user: "demo@example.com", password: Secret("demo-password")))
        }
        _ = try Vault<VaultPayload>.create(at: vaultPath, passphrase: Passphrase("benchmark passphrase"), payload: payload)
        let base = ["ZTENANT_VAULT": vaultPath, "XDG_RUNTIME_DIR": runtime, "XDG_CONFIG_HOME": folder + "/agent-config"]
        let withFile = base.merging(["ZTENANT_PASSPHRASE_FILE": passphraseFile, "ZTENANT_NO_AGENT": "1"]) { $1 }
        // One login stores the session every measured run then reuses.
        guard try CheckBenchmark.run(binary, ["session", "p0"], environment: withFile) == 0 else {
            throw BenchmarkFailure(what: "session p0 failed")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: vaultPath))
        let passphrase = try Stopwatch.median(runs: runs) {
            guard try CheckBenchmark.run(binary, ["env", "p0"], environment: withFile) == 0 else { throw BenchmarkFailure(what: "env with a passphrase file failed") }
        }
        guard try CheckBenchmark.run(binary, ["unlock"], environment: base.merging(["ZTENANT_PASSPHRASE_FILE": passphraseFile]) { $1 }) == 0 else {
            throw BenchmarkFailure(what: "unlock failed")
        }
        let agent = try Stopwatch.median(runs: runs) {
            guard try CheckBenchmark.run(binary, ["env", "p0"], environment: base) == 0 else { throw BenchmarkFailure(what: "env with the agent failed") }
        }
        guard try Data(contentsOf: URL(fileURLWithPath: vaultPath)) == before else { throw BenchmarkFailure(what: "env wrote to the vault") }
        Report.line("env p0, passphrase file (scrypt each run)", Report.ms(passphrase))
        Report.line("env p0, agent unlocked", Report.ms(agent))
        Report.line("  ratio agent / passphrase file (target ≤ 0.1×)", Report.ratio(agent / passphrase))
        let client = AgentClient(location: AgentLocation(folder: runtime + "/ztenant"))
        let pid = try client.status().pid
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        for field in ["VmRSS", "VmLck"] {
            let value = status.split(separator: "\n").first { $0.hasPrefix(field + ":") }?.split(separator: ":").last?
                .trimmingCharacters(in: .whitespaces) ?? "?"
            Report.line("agent at rest, one key held: \(field)", value)
        }
        try client.stop()
        await server.shutdown()
    }
}
