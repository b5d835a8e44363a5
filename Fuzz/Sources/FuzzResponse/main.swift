// Fuzzes what a server sends back: the response classifier (status, headers, body), the
// ZSession cookie parser and the text sanitizer, and checks what must always hold: every
// human-readable field is display-safe, and a session is handed on only when it is made of
// cookie-octets.
//
// Input: two bytes of status, then header lines `Name: value` up to an empty line, then the body.
import Foundation
import FuzzSupport
import ZuoraAPI

private let request = try! ConnectionRequest.make(
    ConnectionCredentials(baseURL: "https://rest.sandbox.na.zuora.com", user: "fuzz@example.com",
        password: Secret("fuzz-password"))).get()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponse(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let status = 100 + (Int(input.byte()) << 8 | Int(input.byte())) % 500
    var headers: [(name: String, value: String)] = []
    while !input.isEmpty {
        let line = input.field()
        if line.isEmpty { break }
        let text = String(decoding: line, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { continue }
        headers.append((String(text[..<colon]), String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
    }
    let body = input.rest()
    let sentEntity = body.count % 2 == 0
    let outcome = ResponseClassifier.classify(
        ResponseSnapshot(status: status, headers: headers, body: body), request: request, sentEntity: sentEntity,
        startedAt: Date(timeIntervalSince1970: 1_800_000_000), latencyMs: 42)

    Invariant.displaySafe(outcome.detail, "outcome.detail")
    for reason in outcome.reasons {
        Invariant.displaySafe(reason.message, "reason.message")
        if let code = reason.code { Invariant.displaySafe(code, "reason.code") }
    }
    if let value = outcome.requestId { Invariant.displaySafe(value, "requestId") }
    if let value = outcome.trackId { Invariant.displaySafe(value, "trackId") }
    if let value = outcome.processId { Invariant.displaySafe(value, "processId") }
    if let value = outcome.redirectLocation { Invariant.displaySafe(value, "redirectLocation") }
    if let session = outcome.session {
        precondition(outcome.status == .ok, "a session on a failed outcome")
        precondition(session.reveal().utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x2C && $0 != 0x3B && $0 != 0x5C },
            "a session that is not cookie-safe")
    }
    let cookies = headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value)
    if case .unsafe(let problem) = SessionCookie.lookup(in: cookies) {
        Invariant.displaySafe(problem, "cookie problem")
    }
    let text = String(decoding: body, as: UTF8.self)
    let limit = Int(body.first ?? 80)
    let sanitized = TextSanitizer.sanitize(text, limit: limit)
    Invariant.displaySafe(sanitized, "sanitized text")
    precondition(sanitized.count <= limit + 1, "sanitized text longer than its limit")
    return 0
}
