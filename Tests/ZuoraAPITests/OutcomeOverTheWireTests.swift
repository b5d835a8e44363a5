import Foundation
import Testing
import TestSupport
import ZuoraAPI
import ZuoraMock

/// Logs in once against `baseURL` with a fresh client.
func login(
    _ baseURL: String, user: String, password: String, entity: EntitySelector = .none,
    timeouts: ConnectionClient.Timeouts = .init(), caFile: String? = nil
) async throws -> ConnectionOutcome {
    let client = try ConnectionClient(configuration: .init(timeouts: timeouts, caFile: caFile))
    let outcome = await client.connect(
        ConnectionCredentials(baseURL: baseURL, user: user, password: Secret(password), entity: entity))
    try await client.shutdown()
    return outcome
}

/// A mock with one user who always meets `fault`.
func faulty(_ fault: MockFault) -> MockConfiguration {
    MockConfiguration(users: [MockUser(name: "u", password: "p", fault: fault)])
}

@Suite("Every status of the outcome table, produced by the real client against the real mock")
struct OutcomeOverTheWireTests {
    @Test func okCarriesTheSessionAndEveryHeaderField() async throws {
        try await withMockServer { server in
            let outcome = try await login(server.baseURL, user: "demo@example.com", password: "demo-password")
            #expect(outcome.status == .ok)
            #expect(outcome.ok)
            #expect(outcome.httpStatus == 200)
            let session = try #require(outcome.session)
            #expect(session.count == 256, "the ZSession cookie is found though it is the second Set-Cookie")
            #expect(server.zuora.owner(ofSession: session.reveal()) == "demo@example.com")
            #expect(outcome.requestId?.count == 36)
            #expect(outcome.rateLimit?.limit == 100)
            #expect(outcome.rateLimit?.remaining == 99)
            #expect(outcome.rateLimit?.reset != nil)
            #expect(outcome.latencyMs != nil)
            #expect(outcome.reasons.isEmpty)
            #expect(outcome.status.exitCode == 0)
        }
    }

    @Test func percentEncodedSessionValuesAreDecoded() async throws {
        var configuration = MockConfiguration.demo
        configuration.percentEncodedSessions = true
        try await withMockServer(configuration) { server in
            let outcome = try await login(server.baseURL, user: "demo@example.com", password: "demo-password")
            let session = try #require(outcome.session).reveal()
            #expect(session.hasSuffix("=="))
            #expect(!session.contains("%"))
            #expect(server.zuora.owner(ofSession: session) == "demo@example.com")
        }
    }

    @Test(arguments: [false, true])
    func wrongPasswordIsAuthFailedWithZuorasReason(codesAsStrings: Bool) async throws {
        var configuration = MockConfiguration.demo
        configuration.codesAsStrings = codesAsStrings
        try await withMockServer(configuration) { server in
            let outcome = try await login(server.baseURL, user: "demo@example.com", password: "wrong")
            #expect(outcome.status == .authFailed)
            #expect(outcome.httpStatus == 401)
            #expect(outcome.reasons == [Reason(code: "90000011", message: "this resource is protected, please sign in first")])
            #expect(outcome.reasons.first?.category == .authenticationFailed)
            #expect(outcome.processId?.isEmpty == false)
            #expect(outcome.detail.contains("90000011"))
            #expect(outcome.session == nil)
            #expect(outcome.status.exitCode == 20)
        }
    }

    @Test func unknownUserIsAuthFailed() async throws {
        try await withMockServer { server in
            let outcome = try await login(server.baseURL, user: "nobody@example.com", password: "x")
            #expect(outcome.status == .authFailed)
        }
    }

    @Test func forbiddenIsPermissionDenied() async throws {
        try await withMockServer(faulty(.forbidden)) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .permissionDenied)
            #expect(outcome.httpStatus == 403)
            #expect(outcome.reasons.first?.category == .permissionDenied)
            #expect(outcome.status.exitCode == 21)
        }
    }

    @Test func anUnknownEntityIsAnEntityError() async throws {
        try await withMockServer { server in
            let outcome = try await login(server.baseURL, user: "multi@example.com", password: "multi-password",
                entity: .id("ffffffffffffffffffffffffffffffff"))
            #expect(outcome.status == .entityError)
            #expect(outcome.reasons.first?.code == "90000020")
            #expect(outcome.status.exitCode == 21)
        }
    }

    @Test func anEntityTheUserMayNotEnterIsAnEntityError() async throws {
        try await withMockServer { server in
            let outcome = try await login(server.baseURL, user: "multi@example.com", password: "multi-password",
                entity: .name("APAC"))
            #expect(outcome.status == .entityError)
            #expect(outcome.httpStatus == 403)
            #expect(outcome.detail.contains("entity"))
        }
    }

    @Test func entityIdsMatchWithOrWithoutDashes() async throws {
        try await withMockServer { server in
            let outcome = try await login(server.baseURL, user: "multi@example.com", password: "multi-password",
                entity: .id("8a8082c4-5f2b-4a1c-015f-2c1f2ad10002"))
            #expect(outcome.status == .ok)
        }
    }

    @Test func rateLimitFaultIsRateLimitedWithTheDelay() async throws {
        try await withMockServer(faulty(.rateLimited(retryAfter: 42))) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .rateLimited)
            #expect(outcome.httpStatus == 429)
            #expect(outcome.retryAfterSeconds == 42)
            #expect(outcome.rateLimit?.remaining == 0)
            #expect(outcome.reasons.first?.message == "request exceeded limit")
            #expect(outcome.status.exitCode == 23)
        }
    }

    @Test func thePerClientIPAuthLimitIsEnforcedAndReported() async throws {
        var configuration = MockConfiguration.demo
        configuration.authRequestsPerWindow = 3
        try await withMockServer(configuration) { server in
            var statuses: [OutcomeStatus] = []
            for _ in 0..<4 {
                statuses.append(try await login(server.baseURL, user: "demo@example.com", password: "wrong").status)
            }
            #expect(statuses == [.authFailed, .authFailed, .authFailed, .rateLimited], "failed logins count too")
            let last = try await login(server.baseURL, user: "demo@example.com", password: "demo-password")
            #expect(last.status == .rateLimited)
            #expect(last.reasons.first?.code == "REQUEST_EXCEEDED_LIMIT")
            #expect(last.retryAfterSeconds ?? 0 > 0)
            #expect(last.rateLimit?.limit == 3)
        }
    }

    @Test(arguments: [
        (MockFault.serverError, 500, "We're sorry, but something went wrong."),
        (MockFault.badGateway, 502, "502 Bad Gateway"),
        (MockFault.custom(status: 503, headers: ["Content-Type": "text/html"], body: "<html><body><h1>Service Unavailable</h1></body></html>"), 503, "Service Unavailable"),
    ])
    func serverFailuresAreServerErrorsWithTheirText(fault: MockFault, status: Int, text: String) async throws {
        try await withMockServer(faulty(fault)) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .serverError)
            #expect(outcome.httpStatus == status)
            #expect(outcome.detail.contains(text))
            #expect(!outcome.detail.contains("<"), "HTML is reduced to text")
            #expect(outcome.status.exitCode == 24)
        }
    }

    @Test func aCategory60ReasonWithHTTP200IsAServerError() async throws {
        try await withMockServer(faulty(.failureWith200(code: "50000060", message: "internal error"))) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .serverError)
            #expect(outcome.httpStatus == 200)
        }
    }

    @Test func successFalseWithHTTP200IsNotSuccess() async throws {
        try await withMockServer(faulty(.failureWith200(code: "90000011", message: "bad credentials"))) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .authFailed)
            #expect(outcome.session == nil)
        }
    }

    @Test func aRedirectIsNeverFollowedAndWhereItPointedIsReported() async throws {
        try await withMockServer(faulty(.redirect(location: "https://login.example.com/sso"))) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .protocolError)
            #expect(outcome.httpStatus == 302)
            #expect(outcome.redirectLocation == "https://login.example.com/sso")
            #expect(server.zuora.requests.count == 1)
            #expect(outcome.detail.contains("https://login.example.com/sso"))
        }
    }

    @Test func successWithoutASessionCookieIsAProtocolError() async throws {
        try await withMockServer(faulty(.successWithoutSession)) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .protocolError)
            #expect(outcome.session == nil)
            #expect(outcome.detail.contains("no ZSession"))
        }
    }

    @Test(arguments: [
        ("", "empty body"),
        ("this is not json", "this is not json"),
        ("{\"success\": tru", "not Zuora's JSON"),
    ])
    func bodiesThatAreNotZuorasJSONAreProtocolErrors(body: String, text: String) async throws {
        let fault = MockFault.custom(status: 200, headers: ["Set-Cookie": "ZSession=abc"], body: body)
        try await withMockServer(faulty(fault)) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .protocolError)
            #expect(outcome.session == nil)
            #expect(outcome.detail.contains(text))
        }
    }

    @Test func aBodyOverTheCapIsAProtocolErrorAndIsNotReadToTheEnd() async throws {
        try await withMockServer(faulty(.oversizedBody(bytes: 32 << 20))) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .protocolError && outcome.cause == .oversizedBody)
            #expect(outcome.httpStatus == 200)
            #expect(outcome.detail.contains("larger than 1024 KiB"))
        }
    }

    @Test func aResponseThatNeverComesIsATimeout() async throws {
        try await withMockServer(faulty(.neverRespond)) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p",
                timeouts: .init(connect: .seconds(2), total: .milliseconds(1500)))
            // On a loaded machine the deadline can pass while the loopback connection is still
            // being made; either way the call ends as a timeout naming the 1.5 s deadline.
            #expect(outcome.status == .timeout, "\(outcome.detail)")
            #expect(outcome.cause == .responseTimeout || outcome.cause == .connectTimeout, "\(String(describing: outcome.cause))")
            #expect(outcome.httpStatus == nil)
            #expect(outcome.detail.contains("within 1.5 s"))
            #expect(outcome.status.exitCode == 22)
        }
    }

    @Test func aConnectionThatCannotBeOpenedInTimeIsATimeout() async throws {
        let listener = try StalledListener()
        defer { listener.close() }
        let outcome = try await login("http://127.0.0.1:\(listener.port)", user: "u", password: "p",
            timeouts: .init(connect: .milliseconds(300), total: .seconds(20)))
        #expect(outcome.status == .timeout && outcome.cause == .connectTimeout)
        #expect(outcome.detail.contains("connect timeout"))
    }

    @Test func aRefusedConnectionIsANetworkErrorReportedAtOnce() async throws {
        let port = try closedLoopbackPort()
        // A connect deadline of 120 s: retried until it, the call would take 120 s; reported at
        // once, it takes milliseconds. Half the deadline leaves a loaded machine all the room
        // it needs (the whole suite shares two cores) and still fails a client that retries.
        let outcome = try await login("http://127.0.0.1:\(port)", user: "u", password: "p",
            timeouts: .init(connect: .seconds(120), total: .seconds(240)))
        #expect(outcome.status == .networkError && outcome.cause == .connectionRefused)
        #expect(outcome.detail.contains("refused"))
        #expect((outcome.latencyMs ?? .max) < 60_000, "not retried until the deadline")
    }

    @Test func anUnresolvableHostIsANetworkErrorAboutDNS() async throws {
        // A 70-character label is invalid in DNS, so the resolver fails without sending a query.
        let host = String(repeating: "a", count: 70) + ".invalid"
        let outcome = try await login("https://\(host)", user: "u", password: "p")
        #expect(outcome.status == .networkError && outcome.cause == .dnsFailure)
        #expect(outcome.detail.contains("DNS"))
    }

    @Test func aConnectionClosedMidResponseIsANetworkError() async throws {
        try await withMockServer(faulty(.closeMidResponse)) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .networkError && outcome.cause == .closedMidResponse)
            #expect(outcome.detail.contains("closed the connection mid-response (after HTTP 200 headers)"), "\(outcome.detail)")
            #expect(outcome.httpStatus == nil, "a status whose body never came is not shown as the answer")
        }
    }

    @Test func addedLatencyIsMeasured() async throws {
        let configuration = MockConfiguration(users: [MockUser(name: "u", password: "p", latencyMs: 150)])
        try await withMockServer(configuration) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .ok)
            #expect((outcome.latencyMs ?? 0) >= 150)
        }
    }

    @Test(arguments: [
        ("http://rest.zuora.com", "u", "p"),
        ("https://rest.zuora.com", "", "p"),
        ("https://rest.zuora.com", "u", ""),
        ("not a url", "u", "p"),
    ])
    func unusableCredentialsAreInvalidProfileAndNothingIsSent(url: String, user: String, password: String) async throws {
        let outcome = try await login(url, user: user, password: password)
        #expect(outcome.status == .invalidProfile)
        #expect(outcome.httpStatus == nil)
        #expect(outcome.latencyMs == nil, "the network was not touched")
        #expect(outcome.detail.hasPrefix("Not sent:"))
        #expect(outcome.status.exitCode == 2)
    }

    @Test func plainHTTPToAnyNonLoopbackHostIsRefusedBeforeConnecting() async throws {
        try await withMockServer { server in
            // Same mock, reached through a non-loopback name: must never be contacted.
            let url = server.baseURL.replacingOccurrences(of: "127.0.0.1", with: "zuora.internal.example")
            let outcome = try await login(url, user: "demo@example.com", password: "demo-password")
            #expect(outcome.status == .invalidProfile)
            #expect(server.zuora.requests.isEmpty)
        }
    }
}
