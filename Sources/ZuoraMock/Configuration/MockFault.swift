/// A way the mock misbehaves for one user, to reproduce what real Zuora (or what stands
/// in front of it) does on a bad day.
///
/// In a JSON configuration file each case is an object with one key, e.g.
/// `{"rateLimited": {"retryAfter": 30}}` or `{"serverError": {}}`.
public enum MockFault: Sendable, Hashable, Codable {
    /// 403 with a category-10 reason.
    case forbidden
    /// 429 with `Retry-After` and the rate-limit headers of the per-client-IP AUTH quota
    /// (`RateLimit-Limit: 100`).
    case rateLimited(retryAfter: Int)
    /// 429 with the headers of the per-tenant AUTH quota (`RateLimit-Limit: 2000`): only
    /// these credentials' tenant is limited, not the host.
    case tenantRateLimited(retryAfter: Int)
    /// 500 `text/plain` with the recorded body.
    case serverError
    /// 502 with an HTML page.
    case badGateway
    /// 302 to `location`.
    case redirect(location: String)
    /// 200 with a body of `bytes` bytes, streamed.
    case oversizedBody(bytes: Int)
    /// Headers and half the body, then the connection is closed.
    case closeMidResponse
    /// The request is read and never answered.
    case neverRespond
    /// 200 `{"success": true}` without a ZSession cookie.
    case successWithoutSession
    /// 401 whose reason message is `message`, verbatim (for hostile-text tests).
    case hostileMessage(message: String)
    /// 200 `{"success": false}` with a reason of the given code and message.
    case failureWith200(code: String, message: String)
    /// Any response at all.
    case custom(status: Int, headers: [String: String], body: String)
}
