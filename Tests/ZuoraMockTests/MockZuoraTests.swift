import Foundation
import Testing
import TestSupport
import ZuoraMock

@Suite("The mock behaves like Zuora when driven directly")
struct MockZuoraTests {
    func request(_ headers: [(String, String)], uri: String = "/v1/connections", method: String = "POST", ip: String = "127.0.0.1")
        -> RecordedRequest
    {
        RecordedRequest(method: method, uri: uri, headers: headers.map { (name: $0.0, value: $0.1) }, body: [], clientIP: ip)
    }

    @Test func successHasTheRecordedHeadersAndBody() {
        let zuora = MockZuora(configuration: .demo)
        let response = zuora.respond(to: request([("apiAccessKeyId", "demo@example.com"), ("apiSecretAccessKey", "demo-password"), ("Zuora-Track-Id", "t1")]))
        #expect(response.status == 200)
        #expect(response.body == "{\n  \"success\" : true\n}")
        let names = response.headers.map(\.name)
        #expect(names.contains("Server"))
        #expect(response.headers.first { $0.name == "Zuora-Track-Id" }?.value == "t1")
        #expect(response.headers.filter { $0.name == "Set-Cookie" }.count == 3)
        let cookie = response.headers.first { $0.name == "Set-Cookie" && $0.value.hasPrefix("ZSession=") }?.value ?? ""
        #expect(cookie.hasSuffix("; Path=/; Secure; HttpOnly"))
        #expect(zuora.loginCount(user: "demo@example.com") == 1)
    }

    @Test func bothEntityHeadersAreRejected() {
        let zuora = MockZuora(configuration: .demo)
        let response = zuora.respond(to: request([
            ("apiAccessKeyId", "multi@example.com"), ("apiSecretAccessKey", "multi-password"),
            ("entityId", "8a8082c45f2b4a1c015f2c1f2ad10001"), ("entityName", "Global"),
        ]))
        #expect(response.status == 400)
        #expect(response.body.contains("90000020"))
        #expect(zuora.loginCount(user: "multi@example.com") == 0)
    }

    @Test func theRateLimitIsPerClientIPAndTheWindowResets() {
        var configuration = MockConfiguration.demo
        configuration.authRequestsPerWindow = 2
        configuration.windowSeconds = 60
        let zuora = MockZuora(configuration: configuration)
        let start = Date()
        let headers = [("apiAccessKeyId", "x"), ("apiSecretAccessKey", "y")]
        #expect(zuora.respond(to: request(headers), now: start).status == 401)
        #expect(zuora.respond(to: request(headers), now: start).status == 401)
        let limited = zuora.respond(to: request(headers), now: start.addingTimeInterval(10))
        #expect(limited.status == 429)
        #expect(limited.headers.first { $0.name == "Retry-After" }?.value == "50")
        #expect(zuora.respond(to: request(headers, ip: "127.0.0.2"), now: start).status == 401, "another IP has its own budget")
        #expect(zuora.respond(to: request(headers), now: start.addingTimeInterval(61)).status == 401, "a new window")
    }

    @Test func otherPathsAndMethodsAreRefused() {
        let zuora = MockZuora(configuration: .demo)
        #expect(zuora.respond(to: request([], uri: "/v1/accounts")).status == 404)
        #expect(zuora.respond(to: request([], method: "GET")).status == 405)
    }

    @Test func everyRequestIsRecordedAndResetForgetsThem() {
        let zuora = MockZuora(configuration: .demo)
        _ = zuora.respond(to: request([("apiAccessKeyId", "a")]))
        _ = zuora.respond(to: request([("apiAccessKeyId", "b")]))
        #expect(zuora.requests.compactMap { $0.header("apiaccesskeyid") } == ["a", "b"])
        zuora.reset()
        #expect(zuora.requests.isEmpty)
    }

    @Test func reconfiguringChangesBehaviourWhileRunning() {
        let zuora = MockZuora(configuration: .demo)
        let headers = [("apiAccessKeyId", "demo@example.com"), ("apiSecretAccessKey", "demo-password")]
        #expect(zuora.respond(to: request(headers)).status == 200)
        zuora.reconfigure { configuration in
            configuration.users[0].fault = .serverError
        }
        #expect(zuora.respond(to: request(headers)).status == 500)
    }

    @Test func aConfigurationFileRoundTrips() throws {
        let json = """
            {"users": [{"name": "a", "password": "b", "fault": {"rateLimited": {"retryAfter": 5}}},
                       {"name": "c", "password": "d", "latencyMs": 100, "entities": ["e1"]}],
             "entities": [{"id": "e1", "name": "One"}], "authRequestsPerWindow": 7}
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mock-\(UUID()).json")
        try Data(json.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let configuration = try MockConfiguration.load(path: url.path)
        #expect(configuration.users[0].fault == .rateLimited(retryAfter: 5))
        #expect(configuration.users[1].latencyMs == 100)
        #expect(configuration.authRequestsPerWindow == 7)
        #expect(configuration.windowSeconds == 60)
    }
}
