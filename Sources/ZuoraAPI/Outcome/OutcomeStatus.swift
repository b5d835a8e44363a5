/// How a connection call ended: exactly one of these per call.
public enum OutcomeStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// 2xx, `success: true`, and a ZSession cookie.
    case ok
    /// 401, or a reason in category 11 (e.g. 90000011): wrong user, password or data centre.
    case authFailed = "auth_failed"
    /// 403, or a reason in category 10: authenticated but not allowed.
    case permissionDenied = "permission_denied"
    /// An entity the user cannot enter, or an entity problem in the request.
    case entityError = "entity_error"
    /// 429, or category 70: too many requests; carries the retry delay.
    case rateLimited = "rate_limited"
    /// 5xx, or categories 50, 60, 61.
    case serverError = "server_error"
    /// Success claimed without a session, a body that is not Zuora's JSON, a redirect, or a
    /// body over the size cap.
    case protocolError = "protocol_error"
    /// The connect or response deadline passed.
    case timeout
    /// DNS failure, connection refused, reset or closed early.
    case networkError = "network_error"
    /// The TLS handshake failed: untrusted, expired or wrong-host certificate, or another TLS error.
    case tlsError = "tls_error"
    /// The request was never sent because the credentials or URL are unusable.
    case invalidProfile = "invalid_profile"
    /// Not sent in this run: Zuora was rate limiting these credentials or their host for
    /// longer than the check would wait. Never stored in history.
    case notChecked = "not_checked"

    /// The process exit code for this status (docs/commands.md, "Outcomes and exit codes").
    public var exitCode: Int32 {
        switch self {
        case .ok: 0
        case .authFailed: 20
        case .permissionDenied, .entityError: 21
        case .timeout, .networkError, .tlsError: 22
        case .rateLimited: 23
        case .serverError, .protocolError: 24
        case .invalidProfile: 2
        case .notChecked: 25
        }
    }

    /// Whether the credentials authenticated.
    public var isSuccess: Bool { self == .ok }

    /// How bad an outcome is, for colour and marks.
    public enum Severity: Sendable, Hashable {
        /// The credentials work.
        case ok
        /// Zuora (or the profile itself) refused them: someone must change something.
        case refused
        /// A problem on the way (network, TLS, server, protocol, rate limit): try again later.
        case trouble
        /// Not tried in this run.
        case skipped
    }

    /// How bad this outcome is.
    public var severity: Severity {
        switch self {
        case .ok: .ok
        case .authFailed, .permissionDenied, .entityError, .invalidProfile: .refused
        case .rateLimited, .serverError, .protocolError, .timeout, .networkError, .tlsError: .trouble
        case .notChecked: .skipped
        }
    }

    /// A one-character marker that does not rely on colour: `✓` ok, `✗` refused,
    /// `!` a problem on the way, `-` not checked.
    public var symbol: String {
        switch severity {
        case .ok: "✓"
        case .refused: "✗"
        case .trouble: "!"
        case .skipped: "-"
        }
    }
}
