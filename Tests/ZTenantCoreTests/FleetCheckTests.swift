import CredentialVault
import Foundation
import Testing
import TestSupport
import ZTenantCore
import ZuoraAPI
import ZuoraMock

@Suite("Fleet checks are concurrent, bounded, polite to rate limits, cancellable, and saved once")
struct FleetCheckTests {
    /// Checks `profiles` one call at a time (so one host's order is the given order), never
    /// waiting out a 429, and returns each profile's result by name.
    static func oneAtATime(_ profiles: [Profile]) async throws -> [String: FleetCheckResult] {
        let client = try ConnectionClient()
        var results: [String: FleetCheckResult] = [:]
        var fleet = FleetCheck(client: client, concurrency: 1, perHost: 1)
        fleet.maxWait = .zero  // these tests are about what is held back, not waited for
        for await result in fleet.run(profiles) {
            results[result.profile.name] = result
        }
        try await client.shutdown()
        return results
    }

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
            var fleet = FleetCheck(client: client, concurrency: 1, perHost: 1)
            fleet.maxWait = .zero
            for await result in fleet.run(profiles) { results.append(result) }
            try await client.shutdown()
            #expect(results.count == 6)
            #expect(results.filter { $0.outcome.status == .rateLimited }.count == 1, "only the one that was sent")
            #expect(results.filter(\.skipped).count == 5)
            #expect(results.filter(\.skipped).allSatisfy { $0.outcome.status == .notChecked })
            #expect(server.zuora.requests.count == 1, "no hammering")
            #expect(results.filter(\.skipped).allSatisfy { ($0.outcome.retryAfterSeconds ?? 0) > 40 })
        }
    }

    /// Issue #8: a per-tenant 429 (quota above 100) holds back only those credentials; a
    /// wrong password for another user on the same host is still found.
    @Test func aTenantQuota429HoldsBackOnlyThatUsersCredentials() async throws {
        let configuration = MockConfiguration(users: [
            MockUser(name: "busy@example.com", password: "busy-password", fault: .tenantRateLimited(retryAfter: 30)),
            MockUser(name: "demo@example.com", password: "demo-password"),
        ])
        try await withMockServer(configuration) { server in
            let profiles = [
                profile("busy-1", server.baseURL, user: "busy@example.com", password: "busy-password"),
                profile("busy-2", server.baseURL, user: "busy@example.com", password: "busy-password"),
                profile("wrong", server.baseURL, user: "demo@example.com", password: "not-the-password"),
                profile("good", server.baseURL, user: "demo@example.com", password: "demo-password"),
            ]
            let statuses = try await Self.oneAtATime(profiles).mapValues(\.outcome.status)
            #expect(statuses == ["busy-1": .rateLimited, "busy-2": .notChecked, "wrong": .authFailed, "good": .ok])
            #expect(server.zuora.requests.filter { $0.header("apiAccessKeyId") == "busy@example.com" }.count == 1,
                "the tenant that said 429 was asked once")
        }
    }

    /// Issue #8: a per-IP 429 (quota 100) holds back the whole host.
    @Test func anIPQuota429HoldsBackTheWholeHost() async throws {
        let configuration = MockConfiguration(users: [
            MockUser(name: "limited@example.com", password: "limited-password", fault: .rateLimited(retryAfter: 30)),
            MockUser(name: "demo@example.com", password: "demo-password"),
        ])
        try await withMockServer(configuration) { server in
            let profiles = [
                profile("first", server.baseURL, user: "demo@example.com", password: "demo-password"),
                profile("limited", server.baseURL, user: "limited@example.com", password: "limited-password"),
                profile("after-1", server.baseURL, user: "demo@example.com", password: "demo-password"),
                profile("after-2", server.baseURL, user: "demo@example.com", password: "wrong"),
            ]
            let results = try await Self.oneAtATime(profiles)
            #expect(results.mapValues(\.outcome.status) == ["first": .ok, "limited": .rateLimited, "after-1": .notChecked,
                "after-2": .notChecked])
            #expect(server.zuora.requests.count == 2, "nothing was sent after the IP limit")
            #expect(results["after-1"]?.outcome.detail.contains("is rate limiting this machine") == true)
        }
    }

    /// Issue #8: two users answered 429 on one host in one run is an IP problem, not two tenants'.
    @Test func aSecondUserAnswered429HoldsBackTheHost() async throws {
        let configuration = MockConfiguration(users: [
            MockUser(name: "a@example.com", password: "a-password", fault: .tenantRateLimited(retryAfter: 30)),
            MockUser(name: "b@example.com", password: "b-password", fault: .tenantRateLimited(retryAfter: 30)),
            MockUser(name: "demo@example.com", password: "demo-password"),
        ])
        try await withMockServer(configuration) { server in
            let profiles = [
                profile("a", server.baseURL, user: "a@example.com", password: "a-password"),
                profile("b", server.baseURL, user: "b@example.com", password: "b-password"),
                profile("demo", server.baseURL, user: "demo@example.com", password: "demo-password"),
            ]
            let statuses = try await Self.oneAtATime(profiles).mapValues(\.outcome.status)
            #expect(statuses == ["a": .rateLimited, "b": .rateLimited, "demo": .notChecked])
        }
    }

    /// Issue #8: pacing keeps every window of the host under the budget, measured at the
    /// mock (a short window stands in for Zuora's minute).
    @Test func pacingKeepsEveryWindowOfAHostUnderTheBudget() async throws {
        try await withMockServer { server in
            let profiles = (0..<9).map { profile("p\($0)", server.baseURL) }
            let rate = FleetRate(logins: 3, per: .milliseconds(1500))
            let client = try ConnectionClient()
            let told = PacingLog()
            var results = 0
            let start = Date()
            for await _ in FleetCheck(client: client, concurrency: 8, perHost: 4, rate: rate, onPacing: { host, _ in told.add(host) })
                .run(profiles)
            {
                results += 1
            }
            try await client.shutdown()
            #expect(results == 9)
            let times = server.zuora.requests.map(\.receivedAt).sorted()
            #expect(times.count == 9)
            // The k-th request can be sent no earlier than floor(k / 3) windows after the start,
            // and delivery only ever adds delay (the mock shares a busy event loop with every
            // other test), so that bound holds for what the mock saw however loaded the machine.
            // Unpaced, all nine would arrive within milliseconds of the start.
            for (index, time) in times.enumerated() {
                let earliest = Double(index / 3) * 1.5
                #expect(time.timeIntervalSince(start) >= earliest - 0.01, "request \(index) came before its window")
            }
            #expect(told.hosts == ["127.0.0.1"], "the pacing was announced once for the host")
        }
    }

    @Test func tokenCallsArePacedInTheSameHostBudgetAsLogins() async throws {
        try await withMockServer { server in
            // Three password users and three OAuth clients on one host, a budget of 2 a window.
            let profiles = (0..<3).map { profile("pw\($0)", server.baseURL) }
                + (0..<3).map { Profile(name: "oauth\($0)", baseURL: server.baseURL, user: "demo-client", password: Secret("demo-client-secret/+="),
                    auth: .oauth) }
            let rate = FleetRate(logins: 2, per: .milliseconds(1500))
            let client = try ConnectionClient()
            let start = Date()
            var statuses: [String: OutcomeStatus] = [:]
            for await result in FleetCheck(client: client, concurrency: 8, perHost: 4, rate: rate).run(profiles) {
                statuses[result.profile.name] = result.outcome.status
            }
            try await client.shutdown()
            #expect(statuses.count == 6 && statuses.values.allSatisfy { $0 == .ok }, "\(statuses)")
            let times = server.zuora.requests.map(\.receivedAt).sorted()
            #expect(server.zuora.requests.filter { $0.uri == "/oauth/token" }.count == 3)
            // Six calls, token calls and logins alike, two per window: the k-th no earlier than
            // floor(k / 2) windows after the start.
            for (index, time) in times.enumerated() {
                #expect(time.timeIntervalSince(start) >= Double(index / 2) * 1.5 - 0.01, "call \(index) came before its window")
            }
        }
    }

    /// Issue #8: 120 profiles on one host whose per-IP limit is 100 per window. Paced at 90 per
    /// window, every login is answered and none is a 429; unpaced, the same check trips the limit.
    /// A one-second window at the mock and in the rate stands in for Zuora's minute.
    @Test func pacingKeepsA120ProfileCheckUnderTheHostsLimit() async throws {
        func check(_ profiles: [Profile], _ rate: FleetRate?) async throws -> (statuses: [OutcomeStatus], start: Date) {
            let client = try ConnectionClient()
            var fleet = FleetCheck(client: client, concurrency: 8, perHost: 4, rate: rate)
            fleet.maxWait = .zero
            let start = Date()
            var statuses: [OutcomeStatus] = []
            for await result in fleet.run(profiles) { statuses.append(result.outcome.status) }
            try await client.shutdown()
            return (statuses, start)
        }
        // Paced at 90 per one-second window against a mock allowing 100 per one-second window.
        let short = MockConfiguration(users: MockConfiguration.demo.users, authRequestsPerWindow: 100, windowSeconds: 1)
        try await withMockServer(short) { server in
            let profiles = (0..<120).map { profile("p\($0)", server.baseURL) }
            let (paced, start) = try await check(profiles, FleetRate(logins: 90, per: .seconds(1)))
            #expect(paced.count == 120)
            #expect(paced.allSatisfy { $0 == .ok }, "paced: \(Dictionary(grouping: paced, by: \.self).mapValues(\.count))")
            let times = server.zuora.requests.map(\.receivedAt).sorted()
            #expect(times.count == 120, "every profile was sent once")
            // The 91st login can only leave a full window after the first: the budget held.
            for (index, time) in times.enumerated() {
                #expect(time.timeIntervalSince(start) >= Double(index / 90) - 0.01, "request \(index) came before its window")
            }
        }
        // Unpaced, the same 120 against Zuora's real window (100 a minute) trip the limit,
        // however slowly this machine sends them.
        let minute = MockConfiguration(users: MockConfiguration.demo.users, authRequestsPerWindow: 100, windowSeconds: 60)
        try await withMockServer(minute) { server in
            let profiles = (0..<120).map { profile("p\($0)", server.baseURL) }
            let (unpaced, _) = try await check(profiles, nil)
            #expect(unpaced.contains(.rateLimited), "without pacing the same check trips the per-IP limit")
        }
    }

    /// Issue #8: a held-back profile waits out a short 429 delay (within --max-wait) and is
    /// then sent; with no wait allowed it ends as not_checked.
    @Test func aShortDelayIsWaitedOutAndALongOneIsNot() async throws {
        let configuration = MockConfiguration(users: [
            MockUser(name: "busy@example.com", password: "busy-password", fault: .tenantRateLimited(retryAfter: 1)),
        ])
        try await withMockServer(configuration) { server in
            let profiles = ["busy-1", "busy-2"].map { profile($0, server.baseURL, user: "busy@example.com", password: "busy-password") }
            for (maxWait, second, requests) in [(Duration.seconds(5), OutcomeStatus.rateLimited, 2), (.zero, .notChecked, 1)] {
                server.zuora.reset()
                let client = try ConnectionClient()
                var fleet = FleetCheck(client: client, concurrency: 1, perHost: 1, rate: nil)
                fleet.maxWait = maxWait
                var statuses: [String: OutcomeStatus] = [:]
                for await result in fleet.run(profiles) { statuses[result.profile.name] = result.outcome.status }
                try await client.shutdown()
                #expect(statuses == ["busy-1": .rateLimited, "busy-2": second], "max wait \(maxWait)")
                #expect(server.zuora.requests.count == requests)
            }
        }
    }

    @Test func ratesAreReadAsWritten() throws {
        #expect(try FleetRate.parse("90/min") == FleetRate(logins: 90, per: .seconds(60)))
        #expect(try FleetRate.parse("5/s") == FleetRate(logins: 5, per: .seconds(1)))
        #expect(try FleetRate.parse("unlimited") == nil)
        for bad in ["90", "x/min", "0/min", "90/hour", ""] {
            #expect(throws: FleetRateError.self) { _ = try FleetRate.parse(bad) }
        }
        #expect(FleetRate.default.description == "90/min")
    }

    /// Issue #8: a profile that was not sent keeps its last real result in history.
    @Test func notCheckedNeverReplacesARealResult() async throws {
        let configuration = MockConfiguration(users: [
            MockUser(name: "limited@example.com", password: "limited-password", fault: .rateLimited(retryAfter: 30)),
            MockUser(name: "demo@example.com", password: "demo-password"),
        ])
        try await withMockServer(configuration) { server in
            let scratch = try ScratchVault()
            let limited = profile("limited", server.baseURL, user: "limited@example.com", password: "limited-password")
            let other = profile("other", server.baseURL)
            try scratch.vault.update { payload in
                try payload.add(limited)
                try payload.add(other)
            }
            let client = try ConnectionClient()
            var fleet = FleetCheck(client: client, concurrency: 1, perHost: 1)
            fleet.maxWait = .zero
            for profiles in [[other], [limited, other]] {
                var results: [FleetCheckResult] = []
                for await result in fleet.run(profiles) { results.append(result) }
                try FleetRecorder.record(results, in: scratch.vault)
            }
            try await client.shutdown()
            let stored = try scratch.vault.reload()
            #expect(try stored.history(of: "limited").map(\.status) == [.rateLimited])
            #expect(try stored.history(of: "other").map(\.status) == [.ok], "the second run's not_checked did not replace the ok")
            #expect(stored.lastOutcome(of: "other")?.status == .ok)
        }
    }

    @Test func stoppingTheStreamCancelsTheRest() async throws {
        // Half a second an answer: the break has that long to stop the rest, even on a loaded
        // machine, before two more go out.
        try await withMockServer(Self.slowTenant(latencyMs: 500)) { server in
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
            let statuses = try ["good", "bad", "other"].map { try stored.history(of: $0).map(\.status) }
            #expect(statuses == [[.ok], [.authFailed], [.ok]])
            #expect(Set(stored.sessions.keys) == ["good", "other"])
        }
    }
}

/// Hosts the pacing callback was told about, collected across threads.
final class PacingLog: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String] = []
    func add(_ host: String) { lock.withLock { seen.append(host) } }
    var hosts: [String] { lock.withLock { seen } }
}

/// The live status line's text, as `check` draws it on a terminal.
@Suite("The fleet status line says what is done, sending, pacing, waiting and queued")
struct FleetStatusTextTests {
    @Test func everyPartIsCountedOnce() {
        let line = FleetStatusText.line(done: 12, total: 200, sending: 4,
            pacing: [("rest.eu.zuora.com", 41), ("rest.eu.zuora.com", 42), ("rest.na.zuora.com", 3)], rate: "90/min",
            waiting: [("acme-eu", 23), ("acme-us", 5), ("acme-ap", 30)])
        #expect(line == "checking 12/200 · 4 sending · pacing 90/min to rest.na.zuora.com, next in 3 s · pacing 90/min to rest.eu.zuora.com, next in 41 s · acme-us waits 5 s (429) · acme-eu waits 23 s (429) · 1 more wait · 178 queued")
    }

    @Test func aQuietMomentIsJustTheCount() {
        #expect(FleetStatusText.line(done: 3, total: 3, sending: 0, pacing: [], rate: "unlimited", waiting: []) == "checking 3/3")
    }
}
