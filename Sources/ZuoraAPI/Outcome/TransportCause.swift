/// Why a call ended without a complete response: one case per cause ztenant tells apart, so
/// callers decide on the cause, never on the wording of ``ConnectionOutcome/detail``.
public enum TransportCause: String, Sendable, Hashable, Codable, CaseIterable {
    /// No TCP connection within the connect timeout.
    case connectTimeout = "connect_timeout"
    /// Connected, but TLS did not finish in time.
    case tlsHandshakeTimeout = "tls_handshake_timeout"
    /// Connected, but no complete answer before the deadline.
    case responseTimeout = "response_timeout"
    /// The server closed the connection before any response.
    case closedEarly = "closed_early"
    /// The server closed the connection after the status line, before the body was complete.
    case closedMidResponse = "closed_mid_response"
    /// The host name did not resolve.
    case dnsFailure = "dns_failure"
    /// Nothing listens on that host and port.
    case connectionRefused = "connection_refused"
    /// The peer or something on the way reset the connection.
    case connectionReset = "connection_reset"
    /// No route to the host.
    case unreachable
    /// The certificate is not signed by a trusted CA.
    case tlsUntrusted = "tls_untrusted"
    /// The certificate has expired.
    case tlsExpired = "tls_expired"
    /// The certificate is for another host name.
    case tlsWrongHost = "tls_wrong_host"
    /// The server did not answer TLS at all (plain HTTP, or the wrong port).
    case tlsNotTLS = "tls_not_tls"
    /// The server offers only TLS older than 1.2.
    case tlsTooOld = "tls_too_old"
    /// Another TLS failure.
    case tlsOther = "tls_other"
    /// The answer is not valid HTTP.
    case malformedHTTP = "malformed_http"
    /// The answer is larger than any login answer can be.
    case oversizedBody = "oversized_body"
    /// The call was cancelled (a check stopped).
    case cancelled
    /// A transport failure of another kind.
    case other

    /// The outcome status this cause ends in.
    public var status: OutcomeStatus {
        switch self {
        case .connectTimeout, .tlsHandshakeTimeout, .responseTimeout: .timeout
        case .tlsUntrusted, .tlsExpired, .tlsWrongHost, .tlsNotTLS, .tlsTooOld, .tlsOther: .tlsError
        case .malformedHTTP, .oversizedBody: .protocolError
        case .closedEarly, .closedMidResponse, .dnsFailure, .connectionRefused, .connectionReset, .unreachable, .cancelled, .other:
            .networkError
        }
    }

    /// Reads a stored cause; one a later version added reads as ``other``, so a newer vault's
    /// history never makes this version's reads fail.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = TransportCause(rawValue: text) ?? .other
    }

    /// Whether a certificate check against the system's trust store could say more.
    public var isCertificateProblem: Bool { self == .tlsUntrusted || self == .tlsWrongHost || self == .tlsExpired }
}
