import Foundation
import ZuoraMock

/// Start-up cost: `ztenant --version`, `ztenant prompt` and one `ztenant probe` on loopback
/// against `curl` making the same call, each run as a fresh process many times (median). When
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
        let curl = try Stopwatch.median(runs: runs) {
            let status = try CheckBenchmark.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-X", "POST", "-H", "@" + headers, url + "/v1/connections"])
            guard status == 0 else { throw BenchmarkFailure(what: "curl exited \(status)") }
        }
        Report.line("curl -X POST /v1/connections", Report.ms(curl))
        for (label, path) in builds {
            let version = try Stopwatch.median(runs: runs) {
                guard try CheckBenchmark.run(path, ["--version"]) == 0 else { throw BenchmarkFailure(what: "\(label) --version failed") }
            }
            let probe = try Stopwatch.median(runs: runs) {
                let status = try CheckBenchmark.run(path, ["probe", "--url", url, "--user", "demo@example.com", "--password-stdin"],
                    stdin: "demo-password\n")
                guard status == 0 else { throw BenchmarkFailure(what: "\(label) probe exited \(status)") }
            }
            // The prompt segment inside a ztenant shell: the environment only (issue #10).
            let inside = ["ZTENANT_PROFILE": "acme-prod-eu", "ZTENANT_ENV_CLASS": "production",
                "ZTENANT_SESSION_EXPIRES_AT": String(Int(Date().timeIntervalSince1970) + 900)]
            let prompt = try Stopwatch.median(runs: runs) {
                guard try CheckBenchmark.run(path, ["prompt"], environment: inside) == 0 else {
                    throw BenchmarkFailure(what: "\(label) prompt failed")
                }
            }
            Report.line("\(label) --version", Report.ms(version))
            Report.line("\(label) probe", Report.ms(probe))
            Report.line("  ratio probe / curl (target ≤ 2×)", Report.ratio(probe / curl))
            Report.line("\(label) prompt (inside a ztenant shell)", Report.ms(prompt))
            Report.line("  ratio prompt / --version (target ≤ 1×)", Report.ratio(prompt / version))
        }
        await server.shutdown()
    }
}
