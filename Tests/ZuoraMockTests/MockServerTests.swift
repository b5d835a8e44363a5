import Foundation
import Testing
import TestSupport
import ZuoraMock

@Suite("The mock server speaks real HTTP on a real socket")
struct MockServerTests {
    @Test func curlGetsTheRecordedSuccessOverLoopback() async throws {
        try await withMockServer { server in
            let result = try await ProcessRunner.run("/usr/bin/curl", [
                "-sS", "-i", "-X", "POST", "-H", "apiAccessKeyId: demo@example.com", "-H", "apiSecretAccessKey: demo-password",
                server.baseURL + "/v1/connections",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("HTTP/1.1 200 OK"))
            #expect(result.stdout.contains("Set-Cookie: ZSession="))
            #expect(result.stdout.hasSuffix("{\n  \"success\" : true\n}"))
        }
    }

    @Test func aConnectionClosedMidResponseIsReallyCut() async throws {
        try await withMockServer(MockConfiguration(users: [MockUser(name: "u", password: "p", fault: .closeMidResponse)])) { server in
            let result = try await ProcessRunner.run("/usr/bin/curl", [
                "-sS", "-X", "POST", "-H", "apiAccessKeyId: u", "-H", "apiSecretAccessKey: p", server.baseURL + "/v1/connections",
            ])
            #expect(result.status == 18, "curl's 'partial file': \(result.stderr)")
        }
    }

    @Test func shutdownClosesConnectionsWaitingForever() async throws {
        let server = try await MockZuoraServer.start(configuration: MockConfiguration(users: [MockUser(name: "u", password: "p", fault: .neverRespond)]))
        let url = server.baseURL + "/v1/connections"
        async let result = ProcessRunner.run("/usr/bin/curl", ["-sS", "-m", "60", "-X", "POST", "-H", "apiAccessKeyId: u", url])
        // Wait until the request has arrived, by its record, then shut down.
        let deadline = ContinuousClock.now + .seconds(30)
        while server.zuora.requests.isEmpty && ContinuousClock.now < deadline { await Task.yield() }
        await server.shutdown()
        let finished = try await result
        #expect(finished.status == 52, "curl's 'empty reply': \(finished.stderr)")
    }

    @Test func tlsIsServedFromPEMFiles() async throws {
        try await withMockServer(tls: tlsFixture("server")) { server in
            let result = try await ProcessRunner.run("/usr/bin/curl", [
                "-sS", "--cacert", Fixtures.tls("ca.pem"), "-X", "POST", "-H", "apiAccessKeyId: demo@example.com",
                "-H", "apiSecretAccessKey: demo-password", server.baseURL + "/v1/connections",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\"success\" : true"))
        }
    }
}
