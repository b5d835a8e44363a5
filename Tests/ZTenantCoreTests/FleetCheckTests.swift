import CredentialVault
import Foundation
import Testing
import TestSupport
import ZTenantCore
import ZuoraAPI
import ZuoraMock

@Suite("Fleet checks are concurrent, bounded, polite to rate limits, cancellable, and saved once")
struct FleetCheckTests {
    static func slowTenant(latencyMs: Int) -> MockConfiguration {
        MockConfiguration(users: [MockUser(name: "demo@example.com", password: "demo-password", latencyMs: latencyMs)],
            authRequestsPerWindow: 10_000)
    }

    @Test func resultsArriveForEveryProfileWithinThePerHostLimit() async throws {
        // Answers are held until 4 requests wait together: the peak is 4 only if the client
        // really runs 4 at once, and never more if it respects the limit, however busy the machine.
        let tenant = MockConfiguration(users: [MockUser(name: "demo@example.com", password: "demo-password", holdUntilConcurrent: 4)],
            authRequestsPerWindow: 10_000)
        try await withMockServer(tenant) { server in
            let profiles = (0..<16).map { profile("p\($0)", server.baseURL) }
            let client = try ConnectionClient()
            var names: [String] = []
            for await result in FleetCheck(client: client, concurrency: 8, perHost: 4).run(profiles) {
                #expect(result.outcome.status == .ok)
                names.append(result.profile.name)
            }
            try await client.shutdown()
            #expect(Set(names) == Set(profiles.map(\.name)))
            #expect(server.zuora.maxConcurrentRequests == 4, "one host: at most 4 at once, and it used all 4")
        }
    }

    @Test func theOverallLimitHoldsAcrossHosts() async throws {
        // Held until 8 wait together: reached only if more than one host's calls run at once.
        let zuora = MockZuora(configuration: MockConfiguration(
            users: [MockUser(name: "demo@example.com", password: "demo-password", holdUntilConcurrent: 8)], authRequestsPerWindow: 10_000))
        var servers: [MockZuoraServer] = []
        for host in ["127.0.0.1", "127.0.0.2", "127.0.0.3"] {
            servers.append(try await MockZuoraServer.start(configuration: zuora.configuration, host: host, shared: zuora))
        }
        let profiles = servers.flatMap { server in (0..<8).map { profile("\(server.host)-\($0)", server.baseURL) } }
        let client = try ConnectionClient()
        var count = 0
        for await _ in FleetCheck(client: client, concurrency: 8, perHost: 4).run(profiles) { count += 1 }
        try await client.shutdown()
        for server in servers { await server.shutdown() }
        #expect(count == 24)
        #expect(zuora.maxConcurrentRequests == 8, "the overall limit, reached across hosts (each host allows only 4)")
    }

    @Test func aHostThatAnswers429GetsNoMoreCalls() async throws {
        let configuration = MockConfiguration(users: [MockUser(name: "u", password: "p", fault: .rateLimited(retryAfter: 45))])
        try await withMockServer(configuration) { server in
            let profiles = (0..<6).map { profile("p\($0)", server.baseURL, user: "u", password: "p") }
            let client = try ConnectionClient()
            var results: [FleetCheckResult] = []
            for await result in FleetCheck(client: client, concurrency: 1, perHost: 1).run(profiles) { results.append(result) }
            try await client.shutdown()
            #expect(results.count == 6)
            #expect(results.allSatisfy { $0.outcome.status == .rateLimited })
            #expect(results.filter(\.skipped).count == 5)
            #expect(server.zuora.requests.count == 1, "no hammering")
            #expect(results.filter(\.skipped).allSatisfy { ($0.outcome.retryAfterSeconds ?? 0) > 40 })
        }
    }

    @Test func stoppingTheStreamCancelsTheRest() async throws {
        try await withMockServer(Self.slowTenant(latencyMs: 50)) { server in
            let profiles = (0..<40).map { profile("p\($0)", server.baseURL) }
            let client = try ConnectionClient()
            var received = 0
            for await _ in FleetCheck(client: client, concurrency: 2, perHost: 2).run(profiles) {
                received += 1
                if received == 2 { break }
            }
            try await client.shutdown()
            #expect(received == 2)
            #expect(server.zuora.requests.count < 10, "sent \(server.zuora.requests.count) of 40")
        }
    }

    @Test func resultsAreRecordedInOneVaultWrite() async throws {
        try await withMockServer { server in
            let scratch = try ScratchVault()
            try scratch.vault.update { payload in
                try payload.add(profile("good", server.baseURL))
                try payload.add(profile("bad", server.baseURL, password: "wrong"))
                try payload.add(profile("other", server.baseURL, user: "multi@example.com", password: "multi-password"))
            }
            let before = try Data(contentsOf: URL(fileURLWithPath: scratch.path))
            let client = try ConnectionClient()
            var results: [FleetCheckResult] = []
            for await result in FleetCheck(client: client).run(try scratch.vault.reload().profiles) { results.append(result) }
            try await client.shutdown()
            try FleetRecorder.record(results, in: scratch.vault)
            let backup = try Data(contentsOf: URL(fileURLWithPath: scratch.path + ".bak"))
            #expect(backup == before, "exactly one write: the backup is the vault from before the check")
            let stored = try scratch.vault.reload()
            #expect(stored.history.mapValues { $0.map(\.status) } == ["good": [.ok], "bad": [.authFailed], "other": [.ok]])
            #expect(Set(stored.sessions.keys) == ["good", "other"])
        }
    }
}
