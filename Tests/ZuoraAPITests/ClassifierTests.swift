import Foundation
import Testing
import ZuoraAPI

@Suite("Recorded Zuora response shapes are classified per the outcome table")
struct ClassifierTests {
    let request = try! ConnectionRequest.make(
        ConnectionCredentials(baseURL: "https://rest.sandbox.na.zuora.com", user: "u", password: Secret("p"))).get()

    func classify(_ status: Int, _ headers: [(String, String)] = [], _ body: String = "", entity: Bool = false)
        -> ConnectionOutcome
    {
        ResponseClassifier.classify(
            ResponseSnapshot(status: status, headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(body.utf8)),
            request: request, sentEntity: entity, startedAt: Date(), latencyMs: 5)
    }

    @Test func theRecordedSuccessIsOk() {
        let outcome = classify(200, [
            ("Server", "Zuora App"), ("Content-Type", "application/json;charset=utf-8"),
            ("Set-Cookie", "ZSession=RmeipYqHIQQTnou14G0bP-HRT3xh; Path=/; Secure; HttpOnly"),
        ], "{\n  \"success\" : true\n}")
        #expect(outcome.status == .ok)
        #expect(outcome.session?.reveal() == "RmeipYqHIQQTnou14G0bP-HRT3xh")
    }

    @Test func theSessionCookieIsFoundAnywhereAndPercentDecoded() {
        let outcome = classify(200, [
            ("Set-Cookie", "a=1; Path=/"), ("set-cookie", "b=2, ZSession=abc%3D%3D; Path=/"),
        ], #"{"success":true}"#)
        #expect(outcome.session?.reveal() == "abc==")
    }

    @Test func anEmptySessionCookieIsNoSession() {
        let outcome = classify(200, [("Set-Cookie", "ZSession=; Path=/")], #"{"success":true}"#)
        #expect(outcome.status == .protocolError)
    }

    @Test(arguments: [#"{"success":false,"reasons":[{"code":90000011,"message":"m"}]}"#,
        #"{"success":false,"reasons":[{"code":"90000011","message":"m"}]}"#])
    func codesAsNumbersOrStringsReadTheSame(body: String) {
        let outcome = classify(401, [], body)
        #expect(outcome.reasons == [Reason(code: "90000011", message: "m")])
        #expect(outcome.status == .authFailed)
    }

    @Test func category11WithAnyStatusIsAuthFailed() {
        #expect(classify(400, [], #"{"success":false,"reasons":[{"code":50000011,"message":"m"}]}"#).status == .authFailed)
    }

    @Test func category10IsPermissionDenied() {
        #expect(classify(400, [], #"{"success":false,"reasons":[{"code":50000010,"message":"m"}]}"#).status == .permissionDenied)
    }

    @Test func category70IsRateLimited() {
        #expect(classify(400, [], #"{"success":false,"reasons":[{"code":50000070,"message":"m"}]}"#).status == .rateLimited)
    }

    @Test(arguments: [50, 60, 61])
    func retryableCategoriesAreServerErrors(category: Int) {
        let body = #"{"success":false,"reasons":[{"code":500000"# + String(category) + #","message":"m"}]}"#
        #expect(classify(200, [], body).status == .serverError)
    }

    @Test func bothRecorded429BodiesAreRateLimited() {
        let first = classify(429, [("RateLimit-Reset", "12")], #"{"message":"request exceeded limit"}"#)
        #expect(first.status == .rateLimited)
        #expect(first.retryAfterSeconds == 12)
        let second = classify(429, [("Retry-After", "7"), ("RateLimit-Reset", "12")],
            #"{"code":"REQUEST_EXCEEDED_LIMIT","message":"Your total number of concurrent requests have exceeded the limit allowed by the system. Please resubmit your request later."}"#)
        #expect(second.retryAfterSeconds == 7, "Retry-After wins over RateLimit-Reset")
        #expect(second.reasons.first?.code == "REQUEST_EXCEEDED_LIMIT")
    }

    @Test func retryAfterAsAnHTTPDateIsConverted() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        let later = formatter.string(from: Date().addingTimeInterval(120))
        let outcome = classify(429, [("Retry-After", later)], "")
        #expect((115...125).contains(outcome.retryAfterSeconds ?? 0))
    }

    @Test func theEntityCodeWinsOverTheHTTPStatus() {
        #expect(classify(401, [], #"{"success":false,"reasons":[{"code":90000020,"message":"Invalid entity"}]}"#).status == .entityError)
    }

    @Test func anEntityMessageIsAnEntityErrorOnlyWhenAnEntityWasSent() {
        let body = #"{"success":false,"reasons":[{"code":90000011,"message":"no access to entity Europe"}]}"#
        #expect(classify(401, [], body, entity: true).status == .entityError)
        #expect(classify(401, [], body, entity: false).status == .authFailed)
    }

    @Test func processIdIsKept() {
        let outcome = classify(401, [], #"{"success":false,"processId":"3F2A1B","reasons":[]}"#)
        #expect(outcome.processId == "3F2A1B")
        #expect(outcome.status == .authFailed)
    }

    @Test func unknown4xxWithoutZuoraJSONIsAProtocolError() {
        #expect(classify(404, [("Content-Type", "text/html")], "<html><title>Not Found</title></html>").status == .protocolError)
    }

    @Test func anyStatusHasAnExitCodeAndASymbol() {
        for status in OutcomeStatus.allCases {
            #expect(!status.symbol.isEmpty)
            #expect([0, 2, 20, 21, 22, 23, 24, 25].contains(status.exitCode))
        }
    }
}
