import Foundation
import Testing
import TestSupport
import ZuoraMock

/// Issue #8, "no result is ever lost": a check that is stopped keeps what arrived.
@Suite("A stopped check records every result that already arrived", .serialized)
struct InterruptedCheckTests {
    /// One user who answers at once and three whose answers never come.
    static let configuration = MockConfiguration(users: [
        MockUser(name: "fast@example.com", password: "fast-password"),
        MockUser(name: "stuck@example.com", password: "stuck-password", fault: .neverRespond),
    ])

    func home(with server: MockZuoraServer, stuck: Int) async throws -> ScratchHome {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        #expect(try await home.run(["add", "fast", "--url", server.baseURL, "--user", "fast@example.com", "--password-stdin"],
            stdin: "fast-password\n").status == 0)
        for index in 0..<stuck {
            #expect(try await home.run(["add", "stuck-\(index)", "--url", server.baseURL, "--user", "stuck@example.com",
                "--password-stdin"], stdin: "stuck-password\n").status == 0)
        }
        return home
    }

    /// How many checks a profile's history holds.
    func history(_ home: ScratchHome, _ name: String) async throws -> Int {
        let shown = try await home.run(["show", name, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        return (object["history"] as? [Any])?.count ?? -1
    }

    @Test(arguments: [(SIGINT, Int32(130), "SIGINT (Ctrl-C)"), (SIGTERM, Int32(143), "SIGTERM"), (SIGHUP, Int32(129), "SIGHUP")])
    func aSignalMidCheckSavesTheResultsThatArrived(signal: Int32, status: Int32, cause: String) async throws {
        try await withMockServer(Self.configuration) { server in
            let home = try await home(with: server, stuck: 3)
            let check = try BackgroundProcess(ProcessRunner.ztenantBinary, ["check", "--all"], environment: home.environment)
            let first = try #require(try await check.nextLine())
            #expect(first.contains("fast") && first.contains("ok"), "\(first)")
            check.signal(signal)
            let (exit, stderr) = await check.waitForExit()
            #expect(exit == status, "\(stderr)")
            #expect(stderr.contains("check stopped by \(cause): 1 of 4 checked and saved, 3 left unchecked."), "\(stderr)")
            #expect(try await history(home, "fast") == 1, "the result that arrived is in the history")
            #expect(try await history(home, "stuck-0") == 0, "nothing is invented for the others")
            let show = try await home.run(["show", "fast"])
            #expect(show.stdout.contains("session          obtained"), "and the session it brought: \(show.stdout)")
        }
    }

    @Test func aClosedPipeEndsTheCheckAndKeepsWhatArrived() async throws {
        let configuration = MockConfiguration(users: [
            MockUser(name: "fast@example.com", password: "fast-password"),
            MockUser(name: "slow@example.com", password: "slow-password", latencyMs: 1500),
        ])
        try await withMockServer(configuration) { server in
            let home = try ScratchHome()
            #expect(try await home.run(["init"]).status == 0)
            #expect(try await home.run(["add", "fast", "--url", server.baseURL, "--user", "fast@example.com", "--password-stdin"],
                stdin: "fast-password\n").status == 0)
            #expect(try await home.run(["add", "slow", "--url", server.baseURL, "--user", "slow@example.com", "--password-stdin"],
                stdin: "slow-password\n").status == 0)
            // `head -1` exits after the fast result; the slow one's write then meets a closed pipe.
            let script = "\(ProcessRunner.ztenantBinary) check --all | head -1; echo \"status=${PIPESTATUS[0]}\""
            let result = try await ProcessRunner.run("/bin/bash", ["-c", script], environment: home.environment)
            #expect(result.stdout.hasPrefix("✓ fast"), "\(result.stdout)")
            #expect(result.stdout.contains("status=141"), "\(result.allOutput)")
            #expect(result.stderr.contains("check stopped by a closed output pipe: 2 of 2 checked and saved, 0 left unchecked."),
                "\(result.stderr)")
            #expect(try await history(home, "fast") == 1)
            #expect(try await history(home, "slow") == 1, "the result whose line could not be written is kept too")
        }
    }

    @Test func pacingIsSaidOnStderrAndABadRateIsRefused() async throws {
        try await withMockServer { server in
            let home = try ScratchHome()
            #expect(try await home.run(["init"]).status == 0)
            for index in 0..<4 {
                #expect(try await home.run(["add", "p\(index)", "--url", server.baseURL, "--user", "demo@example.com",
                    "--password-stdin"], stdin: "demo-password\n").status == 0)
            }
            let paced = try await home.run(["check", "--all", "--rate", "2/s"])
            #expect(paced.status == 0, "\(paced.allOutput)")
            #expect(paced.stderr.contains("pacing: 2/s to 127.0.0.1"), "\(paced.stderr)")
            #expect(paced.stdout.contains("4 checked: 4 ok, 0 failed."))
            #expect(!paced.allOutput.contains("\u{1B}") && !paced.allOutput.contains("\r"),
                "off a terminal: no colour, no status line: \(paced.allOutput.debugDescription)")
            let quick = try await home.run(["check", "--all", "--rate", "unlimited"])
            #expect(quick.status == 0)
            #expect(!quick.stderr.contains("pacing"), "\(quick.stderr)")
            let bad = try await home.run(["check", "--all", "--rate", "5/hour"])
            #expect(bad.status == 2)
            #expect(bad.stderr.contains("'5/hour' is not a rate: write N/min"), "\(bad.stderr)")
        }
    }
}
