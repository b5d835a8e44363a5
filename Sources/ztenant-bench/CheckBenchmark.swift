import CredentialVault
import Foundation
import ZTenantCore
import ZuoraAPI
import ZuoraMock

/// `ztenant check --all` over 200 profiles against the mock with 100 ms added latency,
/// compared with the ideal and with curl at the same concurrency.
enum CheckBenchmark {
    static let profiles = 200
    static let latencyMs = 100
    static let concurrency = 8

    static func run(folder: String, binary: String) async throws {
        Report.say("== check --all: \(profiles) profiles, \(latencyMs) ms added latency, concurrency \(concurrency)")
        let configuration = MockConfiguration(
            users: [MockUser(name: "bench@example.com", password: "bench-password", latencyMs: latencyMs)],
            authRequestsPerWindow: 1_000_000)
        let zuora = MockZuora(configuration: configuration)
        // Four loopback hosts, so the per-host limit (4) is not what bounds the run.
        var servers: [MockZuoraServer] = []
        for host in ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"] {
            servers.append(try await MockZuoraServer.start(configuration: configuration, host: host, shared: zuora))
        }

        let vaultPath = folder + "/check.ztv"
        var payload = VaultPayload()
        for index in 0..<profiles {
            try payload.add(Profile(name: "p\(index)", baseURL: servers[index % servers.count].baseURL, user: "bench@example.com",
                password: Secret("bench-password")))
        }
        _ = try Vault<VaultPayload>.create(at: vaultPath, passphrase: Passphrase("benchmark passphrase"),
            parameters: KDFParameters(logN: 10), payload: payload)

        let ideal = Double((profiles + concurrency - 1) / concurrency * latencyMs)
        let check = try await Stopwatch.once {
            let status = try run(binary, ["check", "--all", "--vault", vaultPath, "--concurrency", String(concurrency), "--rate", "unlimited"],
                environment: ["ZTENANT_PASSPHRASE": "benchmark passphrase"])
            guard status == 0 else { throw BenchmarkFailure(what: "check --all exited \(status)") }
        }
        let requests = servers.map(\.baseURL).flatMap { base in
            (0..<(profiles / servers.count)).map { _ in base + "/v1/connections" }
        }
        let headers = folder + "/curl-headers-check"
        try "apiAccessKeyId: bench@example.com\napiSecretAccessKey: bench-password\n".write(toFile: headers, atomically: true, encoding: .utf8)
        let curl = try await Stopwatch.once {
            let list = requests.joined(separator: "\n")
            // The credentials reach curl in a file (`-H @file`), never in its argv.
            let script = "xargs -P \(concurrency) -n 1 curl -s -o /dev/null -X POST -H @'\(headers)'"
            let status = try run("/bin/sh", ["-c", script], stdin: list)
            guard status == 0 else { throw BenchmarkFailure(what: "curl loop exited \(status)") }
        }
        Report.line("ztenant check --all (wall, whole process)", Report.ms(check))
        Report.line("  ideal: ceil(\(profiles) / \(concurrency)) × \(latencyMs) ms", Report.ms(ideal))
        Report.line("  curl loop, xargs -P \(concurrency)", Report.ms(curl))
        Report.line("  ratio check / ideal", Report.ratio(check / ideal))
        Report.line("  ratio check / curl", Report.ratio(check / curl))
        Report.line("  most requests in flight at the mock", String(zuora.maxConcurrentRequests))
        for server in servers { await server.shutdown() }
    }

    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let what: String
    var description: String { what }
}
