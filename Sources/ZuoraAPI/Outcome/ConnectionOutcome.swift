import Foundation

/// Everything one `POST /v1/connections` call found out.
///
/// Every text field that came from the server is already sanitized. The session token is
/// kept apart in ``session`` and is not part of the `Codable` form, so a stored or printed
/// outcome never carries it.
public struct ConnectionOutcome: Sendable, Hashable, Codable {
    /// How the call ended.
    public var status: OutcomeStatus
    /// The URL that was called (the `/v1/connections` URL, or the base URL when it was unusable).
    public var url: String
    /// The HTTP status, when a response arrived.
    public var httpStatus: Int?
    /// Why no complete response arrived (timeouts, network, TLS, malformed HTTP); nil when one did.
    public var cause: TransportCause?
    /// Zuora's reasons, in the order sent.
    public var reasons: [Reason]
    /// Zuora's `processId`, which Zuora support asks for.
    public var processId: String?
    /// The `Zuora-Request-Id` response header.
    public var requestId: String?
    /// The `Zuora-Track-Id` sent (and normally echoed back).
    public var trackId: String?
    /// The rate-limit headers, when sent.
    public var rateLimit: RateLimitInfo?
    /// Where a redirect pointed (redirects are never followed).
    public var redirectLocation: String?
    /// Milliseconds from sending the request to the end of the response or the failure.
    public var latencyMs: Int?
    /// When the call started.
    public var checkedAt: Date
    /// One human sentence saying what happened and, when it helps, what to do.
    public var detail: String
    /// The ZSession value (password logins) or the access token (OAuth) on success. Not encoded.
    public var session: Secret?
    /// How the login authenticated: a user's password or an OAuth client.
    public var auth: AuthKind = .password
    /// What an OAuth token's scope says (nil for password logins, which Zuora tells nothing of).
    public var grant: TokenGrant?

    /// Creates an outcome.
    public init(
        status: OutcomeStatus, url: String, httpStatus: Int? = nil, cause: TransportCause? = nil, reasons: [Reason] = [], processId: String? = nil,
        requestId: String? = nil, trackId: String? = nil, rateLimit: RateLimitInfo? = nil,
        redirectLocation: String? = nil, latencyMs: Int? = nil, checkedAt: Date, detail: String, session: Secret? = nil
    ) {
        self.status = status
        self.url = url
        self.httpStatus = httpStatus
        self.cause = cause
        self.reasons = reasons
        self.processId = processId
        self.requestId = requestId
        self.trackId = trackId
        self.rateLimit = rateLimit
        self.redirectLocation = redirectLocation
        self.latencyMs = latencyMs
        self.checkedAt = checkedAt
        self.detail = detail
        self.session = session
    }

    /// Whether the credentials authenticated.
    public var ok: Bool { status == .ok }

    /// Seconds to wait before retrying, for `rate_limited`.
    public var retryAfterSeconds: Int? { rateLimit?.retryDelaySeconds }

    private enum CodingKeys: String, CodingKey {
        case status, url, httpStatus, cause, reasons, processId, requestId, trackId, rateLimit, redirectLocation, latencyMs
        case checkedAt, detail, auth, grant
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decode(OutcomeStatus.self, forKey: .status)
        url = try container.decode(String.self, forKey: .url)
        httpStatus = try container.decodeIfPresent(Int.self, forKey: .httpStatus)
        cause = try container.decodeIfPresent(TransportCause.self, forKey: .cause)
        reasons = try container.decodeIfPresent([Reason].self, forKey: .reasons) ?? []
        processId = try container.decodeIfPresent(String.self, forKey: .processId)
        requestId = try container.decodeIfPresent(String.self, forKey: .requestId)
        trackId = try container.decodeIfPresent(String.self, forKey: .trackId)
        rateLimit = try container.decodeIfPresent(RateLimitInfo.self, forKey: .rateLimit)
        redirectLocation = try container.decodeIfPresent(String.self, forKey: .redirectLocation)
        latencyMs = try container.decodeIfPresent(Int.self, forKey: .latencyMs)
        checkedAt = try container.decode(Date.self, forKey: .checkedAt)
        detail = try container.decode(String.self, forKey: .detail)
        auth = try container.decodeIfPresent(AuthKind.self, forKey: .auth) ?? .password
        grant = try container.decodeIfPresent(TokenGrant.self, forKey: .grant)
    }
}
