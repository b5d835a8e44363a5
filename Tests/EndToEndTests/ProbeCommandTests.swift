import Foundation
import Testing
import TestSupport
import ZuoraMock

@Suite("`ztenant probe`, run as a built binary against the mock")
struct ProbeCommandTests {
    @Test func aGoodLoginPrintsASummaryAndExitsZero() async throws {
        try await withMockServer { server in
            let result = try await ProcessRunner.ztenant(
                ["probe", "--url", server.baseURL, "--user", "demo@example.com", "--password-stdin"], stdin: "demo-password\n")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("✓ ok  HTTP 200"))
            #expect(result.stdout.contains("Authenticated"))
            #expect(result.stderr.isEmpty)
            #expect(!result.allOutput.contains("demo-password"))
            #expect(server.zuora.loginCount(user: "demo@example.com") == 1)
        }
    }

    @Test(arguments: [
        ("demo@example.com", "wrong", Int32(20), "auth_failed"),
        ("forbidden@example.com", "x", 21, "permission_denied"),
        ("limited@example.com", "x", 23, "rate_limited"),
        ("broken@example.com", "x", 24, "server_error"),
        ("moved@example.com", "x", 24, "protocol_error"),
        ("hangup@example.com", "x", 22, "network_error"),
    ])
    func failuresExitWithTheirStatusCode(user: String, password: String, code: Int32, status: String) async throws {
        try await withMockServer { server in
            let result = try await ProcessRunner.ztenant(
                ["probe", "--url", server.baseURL, "--user", user, "--password-stdin", "--json"], stdin: password)
            #expect(result.status == code, "\(result.allOutput)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["status"] as? String == status)
            #expect(object["schema"] as? Int == 1)
            #expect(!result.allOutput.contains(password == "x" ? "\u{0}" : password))
        }
    }

    @Test func anEntityErrorExits21() async throws {
        try await withMockServer { server in
            let result = try await ProcessRunner.ztenant(
                ["probe", "--url", server.baseURL, "--user", "multi@example.com", "--entity-name", "APAC", "--password-stdin"],
                stdin: "multi-password")
            #expect(result.status == 21)
            #expect(result.stdout.contains("entity_error"))
        }
    }

    @Test func aTimeoutIsHonouredAndExits22() async throws {
        try await withMockServer { server in
            let result = try await ProcessRunner.ztenant(
                ["probe", "--url", server.baseURL, "--user", "stuck@example.com", "--password-stdin", "--timeout", "0.5"],
                stdin: "x")
            #expect(result.status == 22)
            #expect(result.stdout.contains("timeout"))
            #expect(result.stdout.contains("within 0.5 s"))
        }
    }

    @Test func tlsWithCAFileSucceedsAndWithoutItFails() async throws {
        try await withMockServer(tls: tlsFixture("server")) { server in
            let base = ["probe", "--url", server.baseURL, "--user", "demo@example.com", "--password-stdin"]
            let refused = try await ProcessRunner.ztenant(base, stdin: "demo-password")
            #expect(refused.status == 22)
            #expect(refused.stdout.contains("tls_error"))
            let accepted = try await ProcessRunner.ztenant(base + ["--ca-file", Fixtures.tls("ca.pem")], stdin: "demo-password")
            #expect(accepted.status == 0, "\(accepted.allOutput)")
        }
    }

    @Test func aBadCAFileIsAUsageError() async throws {
        let result = try await ProcessRunner.ztenant(
            ["probe", "--url", "https://rest.zuora.com", "--user", "u", "--password-stdin", "--ca-file", "/nonexistent.pem"], stdin: "p")
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot use CA file /nonexistent.pem"))
    }

    @Test func plainHTTPToARealHostIsInvalidProfileAndExits2() async throws {
        let result = try await ProcessRunner.ztenant(
            ["probe", "--url", "http://rest.zuora.com", "--user", "u", "--password-stdin", "--json"], stdin: "p")
        #expect(result.status == 2)
        #expect(result.stdout.contains("\"status\":\"invalid_profile\""))
        #expect(result.stdout.contains("plain http:// is allowed only for loopback"))
    }

    @Test func bothEntityOptionsAreAUsageError() async throws {
        let result = try await ProcessRunner.ztenant(
            ["probe", "--url", "https://rest.zuora.com", "--user", "u", "--entity-id", "a", "--entity-name", "b", "--password-stdin"],
            stdin: "p")
        #expect(result.status == 2)
        #expect(result.stderr.contains("not both"))
    }

    @Test func withoutAPasswordSourceOrTerminalItFailsAtOnce() async throws {
        // setsid detaches the child from any controlling terminal, as in cron or CI.
        let result = try await ProcessRunner.ztenant(
            ["probe", "--url", "https://rest.zuora.com", "--user", "u"], newSession: true)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no password source"))
        #expect(result.stderr.contains("--password-stdin"))
    }

    @Test func anEmptyPasswordOnStdinIsRefused() async throws {
        let result = try await ProcessRunner.ztenant(
            ["probe", "--url", "https://rest.zuora.com", "--user", "u", "--password-stdin"], stdin: "")
        #expect(result.status == 2)
        #expect(result.stderr.contains("no password on standard input"))
    }

    @Test func aHugeResponseDoesNotGrowTheProcess() async throws {
        let configuration = MockConfiguration(users: [MockUser(name: "u", password: "p", fault: .oversizedBody(bytes: 256 << 20))])
        try await withMockServer(configuration) { server in
            let result = try await ProcessRunner.run("/usr/bin/env", [
                "/usr/bin/time", "-f", "maxrss_kb=%M", ProcessRunner.ztenantBinary, "probe", "--url", server.baseURL, "--user", "u",
                "--password-stdin",
            ], stdin: "p")
            #expect(result.status == 24, "\(result.allOutput)")
            let line = try #require(result.stderr.split(separator: "\n").last { $0.hasPrefix("maxrss_kb=") })
            let kilobytes = try #require(Int(line.dropFirst("maxrss_kb=".count)))
            #expect(kilobytes < 96 * 1024, "a 256 MiB answer must not be buffered: peak \(kilobytes) KiB")
        }
    }

    @Test func hostileServerTextNeverReachesTheTerminal() async throws {
        let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}[31mexpired\u{1B}[0m\u{202E}"
        let configuration = MockConfiguration(users: [MockUser(name: "u", password: "p", fault: .hostileMessage(message: hostile))])
        try await withMockServer(configuration) { server in
            for json in [false, true] {
                let result = try await ProcessRunner.ztenant(
                    ["probe", "--url", server.baseURL, "--user", "u", "--password-stdin"] + (json ? ["--json"] : []), stdin: "p")
                #expect(result.status == 20)
                #expect(result.stdout.contains("expired"))
                #expect(!result.allOutput.contains("\u{1B}"))
                #expect(!result.allOutput.contains("\u{202E}"))
            }
        }
    }
}
