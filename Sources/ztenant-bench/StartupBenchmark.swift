import Foundation
import ZuoraMock

/// Start-up cost: `ztenant --version`, `ztenant prompt` and one `ztenant probe` on loopback
/// against `curl` making the same call, each run as a fresh process many times, interleaved
/// round by round (median). When
/// `ZTENANT_BENCH_DYNAMIC` names a second build (scripts/bench.sh passes the build linked
/// against the toolchain's shared Swift runtime), it is measured beside the static one.
enum StartupBenchmark {
    static let runs = 40

    static func run(folder: String, binary: String) async throws {
        Report.say("== start-up: one login on loopback, \(runs) runs each (median)")
        // Every run is a login: lift the mock's per-IP limit (100 a minute) out of the way.
        var configuration = MockConfiguration.demo
        configuration.authRequestsPerWindow = 1_000_000
        let server = try await MockZuoraServer.start(configuration: configuration)
        let url = server.baseURL
        var builds = [("ztenant", binary)]
        if let dynamic = ProcessInfo.processInfo.environment["ZTENANT_BENCH_DYNAMIC"], FileManager.default.isExecutableFile(atPath: dynamic) {
            builds = [("ztenant (--static-swift-stdlib)", binary), ("ztenant (shared Swift runtime)", dynamic)]
        }
        // The credentials go to curl in a file (`-H @file`), never in its argv.
        let headers = folder + "/curl-headers"
        try "apiAccessKeyId: demo@example.com\napiSecretAccessKey: demo-password\n".write(toFile: headers, atomically: true, encoding: .utf8)
        // The prompt segment inside a ztenant shell: the environment only (issue #10).
        let inside = ["ZTENANT_PROFILE": "acme-prod-eu", "ZTENANT_ENV_CLASS": "production",
            "ZTENANT_SESSION_EXPIRES_AT": String(Int(Date().timeIntervalSince1970) + 900)]
        // Every command runs once per round, the order turning each round, so the baseline and
        // what it is compared with meet the same moments of this shared machine (run one after
        // the other, blocks of 40 landed in different moods and the ratio swung 1.6–2.6×).
        var commands: [(label: String, run: () throws -> Void)] = [("curl", {
            let status = try CheckBenchmark.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-X", "POST", "-H", "@" + headers, url + "/v1/connections"])
            guard status == 0 else { throw BenchmarkFailure(what: "curl exited \(status)") }
        })]
        for (label, path) in builds {
            commands.append(("\(label) --version", {
                guard try CheckBenchmark.run(path, ["--version"]) == 0 else { throw BenchmarkFailure(what: "\(label) --version failed") }
            }))
            commands.append(("\(label) probe", {
                let status = try CheckBenchmark.run(path, ["probe", "--url", url, "--user", "demo@example.com", "--password-stdin"],
                    stdin: "demo-password\n")
                guard status == 0 else { throw BenchmarkFailure(what: "\(label) probe exited \(status)") }
            }))
            commands.append(("\(label) prompt", {
                guard try CheckBenchmark.run(path, ["prompt"], environment: inside) == 0 else {
                    throw BenchmarkFailure(what: "\(label) prompt failed")
                }
            }))
        }
        var samples = [[Double]](repeating: [], count: commands.count)
        do {
            for round in 0..<runs {
                // Turned by one each round, and backwards every other round, so no command
                // always follows the same one.
                var order = (0..<commands.count).map { ($0 + round) % commands.count }
                if !round.isMultiple(of: 2) { order.reverse() }
                for index in order { samples[index].append(try Stopwatch.time(commands[index].run)) }
            }
        } catch {
            await server.shutdown()
            throw error
        }
        let median = samples.map(Stopwatch.median)
        let curl = median[0]
        Report.line("curl -X POST /v1/connections", Report.ms(curl))
        for (offset, (label, _)) in builds.enumerated() {
            let (version, probe, prompt) = (median[1 + offset * 3], median[2 + offset * 3], median[3 + offset * 3])
            Report.line("\(label) --version", Report.ms(version))
            Report.line("\(label) probe", Report.ms(probe))
            Report.line("  ratio probe / curl (target ≤ 2×)", Report.ratio(probe / curl))
            Report.line("\(label) prompt (inside a ztenant shell)", Report.ms(prompt))
            Report.line("  ratio prompt / --version (target ≤ 1×)", Report.ratio(prompt / version))
        }
        await server.shutdown()
    }
}
