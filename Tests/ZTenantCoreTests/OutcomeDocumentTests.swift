import Foundation
import Testing
import TestSupport
import ZTenantCore
import ZuoraAPI
import ZuoraMock

@Suite("The JSON document of an outcome has the documented fields and no secrets")
struct OutcomeDocumentTests {
    func outcome(user: String, password: String) async throws -> (ConnectionOutcome, String) {
        try await withMockServer { server in
            let client = try ConnectionClient()
            let outcome = await client.connect(ConnectionCredentials(baseURL: server.baseURL, user: user, password: Secret(password)))
            try await client.shutdown()
            return (outcome, server.baseURL)
        }
    }

    @Test func everyFieldIsPresentWithTheRightType() async throws {
        let (result, _) = try await outcome(user: "demo@example.com", password: "wrong")
        let json = OutcomeDocument(profile: "acme", outcome: result).jsonLine()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["schema", "profile", "url", "status", "ok", "httpStatus", "cause", "reasons", "processId",
            "requestId", "trackId", "latencyMs", "checkedAt", "rateLimit", "redirectLocation", "detail", "auth", "tenantId", "userId",
            "entityIds", "expiresIn"])
        #expect(object["auth"] as? String == "password")
        #expect(object["tenantId"] is NSNull && object["entityIds"] is NSNull && object["expiresIn"] is NSNull,
            "an OAuth fact is null for a password login")
        #expect(object["schema"] as? Int == 1)
        #expect(object["profile"] as? String == "acme")
        #expect(object["status"] as? String == "auth_failed")
        #expect(object["ok"] as? Bool == false)
        #expect(object["httpStatus"] as? Int == 401)
        #expect(object["cause"] is NSNull, "an answer arrived, so there is no transport cause")
        let reasons = try #require(object["reasons"] as? [[String: Any]])
        #expect(reasons.first?["code"] as? String == "90000011", "codes are strings in our JSON")
        #expect((object["checkedAt"] as? String)?.hasSuffix("Z") == true)
        let rate = try #require(object["rateLimit"] as? [String: Any])
        #expect(rate["limit"] as? Int == 100)
    }

    @Test func probeDocumentsHaveANullProfileAndNoSession() async throws {
        let (result, _) = try await outcome(user: "demo@example.com", password: "demo-password")
        let session = try #require(result.session).reveal()
        let json = OutcomeDocument(profile: nil, outcome: result).jsonLine()
        #expect(json.contains("\"profile\":null"))
        #expect(!json.contains(session))
        #expect(!json.contains("demo-password"))
    }

    @Test func theHumanSummaryShowsEveryReasonAndIdentifier() async throws {
        let (result, _) = try await outcome(user: "demo@example.com", password: "wrong")
        let lines = OutcomeSummary.lines(for: result)
        #expect(lines[0].hasPrefix("✗ auth_failed  HTTP 401"))
        #expect(lines.contains { $0.contains("reason 90000011: this resource is protected") && $0.contains("[authentication failed]") })
        #expect(lines.last?.contains("request ") == true && lines.last?.contains("process ") == true)
        #expect(!lines.joined().contains("wrong"))
    }
}
