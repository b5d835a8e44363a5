import Foundation

/// Turns the answer to `POST /oauth/token` into a ``ConnectionOutcome`` with the statuses and
/// exit codes of a password login (docs/commands.md, "OAuth clients"). Pure, like
/// ``ResponseClassifier``.
///
/// Bodies come in four shapes and all are read: Spring's `{status, message, path}`, a bare
/// `{message}`, OAuth's `{error, error_description}` and Zuora's `{success, reasons}`.
public enum TokenClassifier {
    /// Classifies a token response.
    public static func classify(_ response: ResponseSnapshot, request: TokenRequest, startedAt: Date, latencyMs: Int) -> ConnectionOutcome {
        let body = ResponseBody(bytes: response.body, contentType: response.header("Content-Type"))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body), options: [])) as? [String: Any]
        let status = response.status
        let rateLimit = rateLimitInfo(response, now: startedAt.addingTimeInterval(Double(latencyMs) / 1000))
        let location = response.header("Location").map { TextSanitizer.sanitize($0, limit: 200) }
        var reasons = body.reasons
        let oauthError = (object?["error"] as? String).map { TextSanitizer.sanitize($0, limit: 64) }
        let oauthDescription = (object?["error_description"] as? String).map { TextSanitizer.sanitize($0) }
        if reasons.isEmpty, oauthError != nil || oauthDescription != nil {
            reasons = [Reason(code: oauthError, message: oauthDescription ?? "")]
        }
        var outcome = ConnectionOutcome(
            status: .protocolError, url: request.url, httpStatus: status, reasons: reasons, processId: body.processId,
            requestId: response.header("Zuora-Request-Id").map { TextSanitizer.sanitize($0, limit: 64) },
            trackId: response.header("Zuora-Track-Id").map { TextSanitizer.sanitize($0, limit: 64) } ?? request.trackId,
            rateLimit: rateLimit.isEmpty ? nil : rateLimit, redirectLocation: location, latencyMs: latencyMs,
            checkedAt: startedAt, detail: "")
        outcome.auth = .oauth
        var said = "HTTP \(status)"
        if let first = reasons.first {
            said += ": " + first.summary
        } else if let text = body.text {
            said += ": " + text
        }
        let message = reasons.map { ($0.code ?? "") + " " + $0.message }.joined(separator: " ").lowercased()

        switch status {
        case 200...299:
            guard let object else {
                // A 2xx body is not quoted: were it a token in another shape, it would be kept.
                outcome.detail = sanitized("The token endpoint's answer is not JSON (HTTP \(status)). Check that the URL is a Zuora REST endpoint.")
                outcome.reasons = []
                return outcome
            }
            guard let token = object["access_token"] as? String, !token.isEmpty else {
                outcome.detail = sanitized("Zuora answered HTTP \(status) without an access_token, so there is no token to use.")
                return outcome
            }
            guard SessionCookie.isSafe(token) else {
                outcome.detail = sanitized("Zuora answered HTTP \(status) but the access token holds characters a header cannot carry; it was neither stored nor printed.")
                return outcome
            }
            let expires = (object["expires_in"] as? NSNumber).map { $0.intValue } ?? (object["expires_in"] as? String).flatMap { Int($0) }
            outcome.grant = TokenGrant(scope: object["scope"] as? String ?? "", expiresIn: expires)
            outcome.status = .ok
            outcome.session = Secret(token)
            outcome.reasons = []
            let tenant = outcome.grant?.tenantId.map { " for tenant \($0)" } ?? ""
            let lasting = expires.map { ", valid \($0) s" } ?? ""
            outcome.detail = sanitized("Authenticated; Zuora issued an access token\(tenant)\(lasting).")
        case 300...399:
            let target = location.map { " to \($0)" } ?? " without a Location"
            outcome.detail = sanitized("The server redirected (HTTP \(status))\(target); redirects are not followed so the secret is never resent. Check the tenant URL.")
        case 401:
            outcome.status = .authFailed
            outcome.detail = sanitized("Zuora rejected the client (\(said)). Check the client id and secret, and that the client belongs to this data centre's tenant.")
        case 400 where message.contains("invalid client") || message.contains("invalid_client") || message.contains("bad credentials")
            || message.contains("invalid_grant"):
            outcome.status = .authFailed
            outcome.detail = sanitized("Zuora does not know this client (\(said)). Check the client id and secret, and the data centre (sandbox and production need different clients).")
        case 403:
            outcome.status = .permissionDenied
            outcome.detail = sanitized("Zuora refused the client (\(said)): its user is probably deactivated. Ask a Zuora administrator to reactivate the user or create a new client.")
        case 429:
            outcome.status = .rateLimited
            let wait = rateLimit.retryDelaySeconds.map { "retry in \($0) s" } ?? "retry later"
            outcome.detail = sanitized("Zuora is rate limiting logins (\(said)); \(wait). Token requests count against the same AUTH limits as logins.")
        case 500...599:
            outcome.status = .serverError
            let support = outcome.requestId.map { "; if it persists give Zuora support request id \($0)" } ?? ""
            outcome.detail = sanitized("Zuora reported a server error (\(said)). Retry later\(support).")
        default:
            outcome.detail = sanitized(object == nil
                ? "The token endpoint's answer is not Zuora's JSON (\(said)). Check that the URL is a Zuora REST endpoint."
                : "The token endpoint did not accept the request (\(said)).")
        }
        return outcome
    }

    /// `RateLimit-*`, `Retry-After`, and the `X-RateLimit-*-minute` headers the token endpoint
    /// documents.
    static func rateLimitInfo(_ response: ResponseSnapshot, now: Date) -> RateLimitInfo {
        var info = ResponseClassifier.rateLimitInfo(response, now: now)
        func integer(_ name: String) -> Int? {
            response.header(name).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        info.limit = info.limit ?? integer("X-RateLimit-Limit-minute") ?? integer("X-RateLimit-Limit")
        info.remaining = info.remaining ?? integer("X-RateLimit-Remaining-minute") ?? integer("X-RateLimit-Remaining")
        info.reset = info.reset ?? integer("X-RateLimit-Reset")
        return info
    }

    private static func sanitized(_ text: String) -> String {
        TextSanitizer.sanitize(text, limit: 500)
    }
}
