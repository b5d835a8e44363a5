import Foundation

/// Turns a received response into a ``ConnectionOutcome`` following the outcome
/// table of docs/commands.md. Pure: no I/O, so every recorded Zuora shape can be checked directly as well as
/// over the wire.
public enum ResponseClassifier {
    /// Classifies a response to a request.
    ///
    /// - Parameters:
    ///   - response: what came back.
    ///   - request: what was sent (for the URL, track id and whether an entity was named).
    ///   - sentEntity: whether the request carried an entity header.
    ///   - startedAt: when the call started.
    ///   - latencyMs: how long it took.
    public static func classify(
        _ response: ResponseSnapshot, request: ConnectionRequest, sentEntity: Bool, startedAt: Date, latencyMs: Int
    ) -> ConnectionOutcome {
        let body = ResponseBody(bytes: response.body, contentType: response.header("Content-Type"))
        let status = response.status
        let rateLimit = rateLimitInfo(response, now: startedAt.addingTimeInterval(Double(latencyMs) / 1000))
        let cookie = SessionCookie.lookup(in: response.headers("Set-Cookie"))
        let location = response.header("Location").map { TextSanitizer.sanitize($0, limit: 200) }

        var outcome = ConnectionOutcome(
            status: .protocolError, url: request.endpoint.url, httpStatus: status, reasons: body.reasons,
            processId: body.processId,
            requestId: response.header("Zuora-Request-Id").map { TextSanitizer.sanitize($0, limit: 64) },
            trackId: response.header("Zuora-Track-Id").map { TextSanitizer.sanitize($0, limit: 64) } ?? request.trackId,
            rateLimit: rateLimit.isEmpty ? nil : rateLimit, redirectLocation: location, latencyMs: latencyMs,
            checkedAt: startedAt, detail: "")

        let said = explanation(status: status, body: body)
        var session: Secret?
        if case .found(let found) = cookie { session = found }
        let verdict = decide(status: status, body: body, sentEntity: sentEntity, hasSession: session != nil)
        outcome.status = verdict
        if verdict == .ok { outcome.session = session }
        var unsafeCookie: String?
        if case .unsafe(let problem) = cookie { unsafeCookie = problem }
        outcome.detail = TextSanitizer.sanitize(
            sentence(for: verdict, status: status, said: said, body: body, location: location, rateLimit: rateLimit,
                requestId: outcome.requestId, unsafeCookie: unsafeCookie),
            limit: 500)
        return outcome
    }

    static func decide(status: Int, body: ResponseBody, sentEntity: Bool, hasSession: Bool) -> OutcomeStatus {
        if (300...399).contains(status) { return .protocolError }
        let entityProblem = body.reasons.contains { reason in
            reason.code == "90000020" || (sentEntity && reason.message.lowercased().contains("entity"))
        }
        if entityProblem && (!(200...299).contains(status) || body.success == false) { return .entityError }
        switch status {
        case 401: return .authFailed
        case 403: return .permissionDenied
        case 429: return .rateLimited
        case 500...599: return .serverError
        default: break
        }
        if let implied = body.reasons.lazy.compactMap({ $0.category?.impliedStatus }).first { return implied }
        if body.reasons.contains(where: { $0.code?.uppercased() == "REQUEST_EXCEEDED_LIMIT" }) { return .rateLimited }
        if (200...299).contains(status) {
            guard body.isJSONObject, let success = body.success else { return .protocolError }
            if success { return hasSession ? .ok : .protocolError }
            return .authFailed
        }
        if (400...499).contains(status), body.isJSONObject, body.success == false { return .authFailed }
        return .protocolError
    }

    /// What the server itself said: the first reason, or the readable text of a non-JSON body.
    private static func explanation(status: Int, body: ResponseBody) -> String {
        var parts = ["HTTP \(status)"]
        if let first = body.reasons.first {
            parts.append(first.summary)
            if body.reasons.count > 1 { parts.append("and \(body.reasons.count - 1) more reason(s)") }
        } else if let text = body.text {
            parts.append(text)
        }
        return parts.joined(separator: ": ")
    }

    private static func sentence(
        for verdict: OutcomeStatus, status: Int, said: String, body: ResponseBody, location: String?,
        rateLimit: RateLimitInfo, requestId: String?, unsafeCookie: String? = nil
    ) -> String {
        switch verdict {
        case .ok:
            return "Authenticated; Zuora issued a session."
        case .authFailed:
            return "Zuora rejected the credentials (\(said)). Check the password (it may have been changed or expired) and that the user belongs to this data centre."
        case .permissionDenied:
            return "The user is not allowed to log in here (\(said)). Ask a Zuora administrator to check the user's API access."
        case .entityError:
            return "Zuora refused the entity (\(said)). Check the entity id or name, and that this user may enter it."
        case .rateLimited:
            let wait = rateLimit.retryDelaySeconds.map { "retry in \($0) s" } ?? "retry later"
            return "Zuora is rate limiting logins (\(said)); \(wait). Failed logins count against the limit too."
        case .serverError:
            let support = requestId.map { "; if it persists give Zuora support request id \($0)" } ?? ""
            return "Zuora reported a server error (\(said)). Retry later\(support)."
        case .protocolError:
            if (300...399).contains(status) {
                let target = location.map { " to \($0)" } ?? " without a Location"
                return "The server redirected (HTTP \(status))\(target); redirects are not followed so credentials are never resent. Check the tenant URL."
            }
            if body.success == true, let unsafeCookie {
                return "Zuora answered success (HTTP \(status)) but the ZSession cookie is unusable: \(unsafeCookie). It was neither stored nor printed; a proxy or the server is sending something other than a Zuora session."
            }
            if body.success == true {
                return "Zuora answered success (HTTP \(status)) but set no ZSession cookie, so there is no session to use."
            }
            if !body.isJSONObject {
                let text = body.text.map { ": \($0)" } ?? " (empty body)"
                return "The response is not Zuora's JSON (HTTP \(status)\(text)). Check that the URL is a Zuora REST endpoint."
            }
            return "The response does not say whether the login succeeded (\(said))."
        case .timeout, .networkError, .tlsError, .invalidProfile, .notChecked:
            return said
        }
    }

    static func rateLimitInfo(_ response: ResponseSnapshot, now: Date) -> RateLimitInfo {
        func integer(_ name: String) -> Int? {
            response.header(name).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        var info = RateLimitInfo(limit: integer("RateLimit-Limit"), remaining: integer("RateLimit-Remaining"),
            reset: integer("RateLimit-Reset"))
        if let retry = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Int(retry) {
                info.retryAfter = max(0, seconds)
            } else if let date = HTTPDate.parse(retry) {
                info.retryAfter = max(0, Int(date.timeIntervalSince(now).rounded(.up)))
            }
        }
        return info
    }
}
