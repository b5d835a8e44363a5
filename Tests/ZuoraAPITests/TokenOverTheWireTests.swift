import Foundation
import Testing
import TestSupport
import ZuoraAPI
import ZuoraMock

/// Asks for a token once against `baseURL` with a fresh client.
func token(
    _ baseURL: String, client: String, secret: String, entityIds: [String] = [], caFile: String? = nil,
    timeouts: ConnectionClient.Timeouts = .init()
) async throws -> ConnectionOutcome {
    let connection = try ConnectionClient(configuration: .init(timeouts: timeouts, caFile: caFile))
    let outcome = await connection.token(OAuthCredentials(baseURL: baseURL, clientId: client, clientSecret: Secret(secret), entityIds: entityIds))
    try await connection.shutdown()
    return outcome
}

/// A mock with one OAuth client that always meets `fault`.
func faultyClient(_ fault: MockFault) -> MockConfiguration {
    MockConfiguration(users: [], clients: [MockClient(id: "c", secret: "s", fault: fault)])
}

@Suite("OAuth clients: every classification of the token call, the real client against the real mock, plain and TLS")
struct TokenOverTheWireTests {
    /// Plain HTTP to 127.0.0.1, and TLS with a certificate from the test CA.
    static let transports: [MockTLS?] = [nil, tlsFixture("server")]

    static func caFile(_ tls: MockTLS?) -> String? { tls == nil ? nil : Fixtures.tls("ca.pem") }

    @Test(arguments: transports)
    func aTokenCarriesTheTenantUserAndEntitiesFromItsScope(tls: MockTLS?) async throws {
        try await withMockServer(tls: tls) { server in
            let outcome = try await token(server.baseURL + "/v1", client: "demo-client", secret: "demo-client-secret/+=",
                entityIds: ["8a8082c4-5f2b-4a1c-015f-2c1f2ad10001"], caFile: Self.caFile(tls))
            #expect(outcome.status == .ok, "\(outcome.detail)")
            #expect(outcome.auth == .oauth)
            #expect(outcome.url == server.baseURL + "/oauth/token", "a trailing /v1 is dropped: the token path is at the root")
            #expect(outcome.grant == TokenGrant(tenantId: "12270", userId: "2c92c0f85e1e2b8f015e1f6b6b3a1d2e",
                entityIds: ["8a8082c4-5f2b-4a1c-015f-2c1f2ad10001", "8a8082c4-5f2b-4a1c-015f-2c1f2ad10002"], expiresIn: 3599))
            let access = try #require(outcome.session)
            #expect(access.count == 32)
            #expect(server.zuora.tokenCount(client: "demo-client") == 1)
            #expect(outcome.rateLimit?.limit == 100 && outcome.rateLimit?.remaining == 99, "X-RateLimit-*-minute are read")
            #expect(!outcome.detail.contains(access.reveal()) && !"\(outcome)".contains(access.reveal()))
            let request = try #require(server.zuora.requests.last)
            #expect(request.uri == "/oauth/token")
            #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(request.header("Zuora-Entity-Ids") == "8a8082c4-5f2b-4a1c-015f-2c1f2ad10001")
            #expect(request.header("Zuora-Track-Id") == outcome.trackId)
            #expect(request.header("Authorization") == nil)
            let body = String(decoding: request.body, as: UTF8.self)
            #expect(body == "client_id=demo-client&client_secret=demo-client-secret%2F%2B%3D&grant_type=client_credentials",
                "the secret's / + = are percent-encoded")
        }
    }

    @Test(arguments: transports)
    func everyFailureHasItsStatusAndExitCode(tls: MockTLS?) async throws {
        try await withMockServer(tls: tls) { server in
            let ca = Self.caFile(tls)
            let wrongSecret = try await token(server.baseURL, client: "demo-client", secret: "nope", caFile: ca)
            #expect(wrongSecret.status == .authFailed && wrongSecret.httpStatus == 401 && wrongSecret.status.exitCode == 20)
            #expect(wrongSecret.reasons == [Reason(code: "invalid_client", message: "Bad client credentials")], "OAuth's {error, error_description}")
            let unknown = try await token(server.baseURL, client: "no-such-client", secret: "x", caFile: ca)
            #expect(unknown.status == .authFailed && unknown.httpStatus == 400)
            #expect(unknown.reasons.first?.message == "Invalid client id", "Spring's {status, message, path}")
            #expect(unknown.detail.contains("sandbox and production need different clients"))
            let deactivated = try await token(server.baseURL, client: "deactivated-client", secret: "deactivated-secret", caFile: ca)
            #expect(deactivated.status == .permissionDenied && deactivated.status.exitCode == 21)
            #expect(deactivated.detail.contains("deactivated"))
            let limited = try await token(server.baseURL, client: "limited-client", secret: "limited-secret", caFile: ca)
            #expect(limited.status == .rateLimited && limited.retryAfterSeconds == 30 && limited.status.exitCode == 23)
            let broken = try await token(server.baseURL, client: "broken-client", secret: "broken-secret", caFile: ca)
            #expect(broken.status == .serverError && broken.status.exitCode == 24)
            let tokenless = try await token(server.baseURL, client: "tokenless-client", secret: "tokenless-secret", caFile: ca)
            #expect(tokenless.status == .protocolError && tokenless.detail.contains("without an access_token"))
            #expect([wrongSecret, unknown, deactivated, limited, broken, tokenless].allSatisfy { $0.auth == .oauth && $0.session == nil })
        }
    }

    @Test func bodiesThatAreNotTheDocumentedShapeAreProtocolErrors() async throws {
        let cases: [(MockFault, OutcomeStatus, String)] = [
            (.custom(status: 200, headers: ["Content-Type": "text/html"], body: "<html><body>Login</body></html>"), .protocolError, "not JSON"),
            (.custom(status: 200, headers: [:], body: ""), .protocolError, "not JSON"),
            (.custom(status: 200, headers: ["Content-Type": "application/json"], body: #"{"access_token": 42}"#), .protocolError, "without an access_token"),
            (.custom(status: 200, headers: ["Content-Type": "application/json"], body: #"{"access_token":"a b;c"}"#), .protocolError, "characters a header cannot carry"),
            (.custom(status: 400, headers: ["Content-Type": "application/json"], body: #"{"message":"No bearer token"}"#), .protocolError, "did not accept"),
            (.custom(status: 418, headers: [:], body: "teapot"), .protocolError, "not Zuora's JSON"),
            (.custom(status: 400, headers: ["Content-Type": "application/json"], body: #"{"success":false,"reasons":[{"code":90000011,"message":"Invalid client id"}]}"#), .authFailed, "does not know this client"),
            (.badGateway, .serverError, "502"),
            (.redirect(location: "https://login.example.com/"), .protocolError, "redirects are not followed"),
            (.hostileMessage(message: "\u{1B}[2Jgone\u{202E}"), .authFailed, "gone"),
        ]
        for (fault, status, said) in cases {
            try await withMockServer(faultyClient(fault)) { server in
                let outcome = try await token(server.baseURL, client: "c", secret: "s")
                #expect(outcome.status == status, "\(fault): \(outcome.detail)")
                #expect(outcome.detail.contains(said), "\(fault): \(outcome.detail)")
                #expect(!outcome.detail.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E }, "sanitized")
            }
        }
    }

    @Test func networkTLSAndBadInputAreToldAsForLogins() async throws {
        let refused = try await token("http://127.0.0.1:9", client: "c", secret: "s")
        #expect(refused.status == .networkError && refused.auth == .oauth)
        #expect(refused.url == "http://127.0.0.1:9/oauth/token")
        try await withMockServer(tls: tlsFixture("self-signed")) { server in
            let untrusted = try await token(server.baseURL, client: "demo-client", secret: "demo-client-secret/+=")
            #expect(untrusted.status == .tlsError && untrusted.cause == .tlsUntrusted)
            #expect(server.zuora.requests.isEmpty, "no secret over an untrusted connection")
        }
        let invalid = try await token("http://example.com", client: "", secret: "sekrit\nvalue", entityIds: ["not an id"])
        #expect(invalid.status == .invalidProfile)
        #expect(invalid.detail.contains("plain http://") && invalid.detail.contains("client id is empty")
            && invalid.detail.contains("control characters") && invalid.detail.contains("'not an id'"), "\(invalid.detail)")
        #expect(!invalid.detail.contains("sekrit"), "the secret is never echoed")
    }

    @Test func theTokenURLKeepsAProxyPrefixAndDropsV1() throws {
        func url(_ base: String) throws -> String {
            try ConnectionEndpoint.make(baseURL: base).get().tokenURL
        }
        #expect(try url("https://rest.zuora.com") == "https://rest.zuora.com/oauth/token")
        #expect(try url("https://rest.zuora.com/v1/connections") == "https://rest.zuora.com/oauth/token")
        #expect(try url("https://proxy.example.com/rest") == "https://proxy.example.com/rest/oauth/token")
        #expect(try url("https://proxy.example.com/rest/v1/") == "https://proxy.example.com/rest/oauth/token")
    }

    @Test func scopesAreReadInAnyOrderAndOddItemsSkipped() {
        let grant = TokenGrant(scope: "platform.write entity.a-1 tenant.19 service.usage.read user.ABC entity.a-1 entity.\u{1B}x tenant.20 garbage",
            expiresIn: 3598)
        #expect(grant == TokenGrant(tenantId: "19", userId: "ABC", entityIds: ["a-1"], expiresIn: 3598))
        #expect(TokenGrant(scope: "", expiresIn: nil) == TokenGrant())
    }
}
