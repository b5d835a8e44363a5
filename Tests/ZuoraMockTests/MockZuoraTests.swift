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

    /// The mock writes its JSON by hand (JSONSerialization took seconds over a ten-megabyte
    /// message on the event loop): what it writes must read back as the same text.
    @Test func aMessageComesBackAsTheSameTextWhateverItHolds() throws {
        let everyASCII = String(String.UnicodeScalarView((0..<0x80).map { Unicode.Scalar(UInt8($0)) }))
        let messages = [everyASCII, "say \"hi\" \\ back/slash", "é ☃ 𝄞 \u{2028} \u{7F}", "", String(repeating: "\u{1B}[5m", count: 1000)]
        for message in messages {
            let user = MockUser(name: "u", password: "p", fault: .hostileMessage(message: message))
            let client = MockClient(id: "c", secret: "s", fault: .hostileMessage(message: message))
            let zuora = MockZuora(configuration: MockConfiguration(users: [user], clients: [client]))
            let login = zuora.respond(to: request([("apiAccessKeyId", "u"), ("apiSecretAccessKey", "p")]))
            let body = try #require(try JSONSerialization.jsonObject(with: Data(login.body.utf8)) as? [String: Any])
            let reasons = try #require(body["reasons"] as? [[String: Any]])
            #expect(reasons.first?["message"] as? String == message)
            #expect(!login.body.contains("\u{1B}") && !login.body.contains("\u{00}"), "control characters are escaped")

            let token = zuora.respond(to: RecordedRequest(method: "POST", uri: "/oauth/token",
                headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("grant_type=client_credentials&client_id=c&client_secret=s".utf8), clientIP: "127.0.0.1"))
            let tokenBody = try #require(try JSONSerialization.jsonObject(with: Data(token.body.utf8)) as? [String: Any])
            #expect(tokenBody["error_description"] as? String == message)
        }
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
