import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Classifies an error thrown before a complete response arrived into a ``TransportCause``
/// (and so `timeout`, `network_error`, `tls_error` or `protocol_error`), with a sentence for humans.
enum TransportFailure {
    /// The cause and sentence for an error thrown while sending or receiving.
    static func classify(_ error: any Error, endpoint: ConnectionEndpoint, timeouts: ConnectionClient.Timeouts,
        elapsed: Duration = .zero) -> (cause: TransportCause, detail: String)
    {
        let host = endpoint.host
        // The whole call's deadline can pass while still connecting; the client then reports a
        // connect timeout, but the limit that ran out was the deadline, not the connect timeout.
        if let error = error as? HTTPClientError, error == .connectTimeout, timeouts.total < timeouts.connect || elapsed < timeouts.connect {
            return (.connectTimeout, "No connection to \(host) within \(timeouts.totalSeconds) s (the whole call's deadline, --timeout). Check the host name, VPN and firewall, or allow more time.")
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout:
                return (.connectTimeout, "No connection to \(host) within \(timeouts.connectSeconds) s (connect timeout). Check the host name, VPN and firewall.")
            case .tlsHandshakeTimeout:
                return (.tlsHandshakeTimeout, "The TLS handshake with \(host) did not finish in time. The server accepted the connection but never completed TLS.")
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return (.responseTimeout, "No complete answer from \(host) within \(timeouts.totalSeconds) s. Zuora or a proxy is slow or stuck; retry later or raise --timeout.")
            case .remoteConnectionClosed, .uncleanShutdown:
                return (.closedEarly, "\(host) closed the connection before the response was complete. Retry; if it persists, a proxy may be cutting connections.")
            case .bodyLengthMismatch, .contentLengthMissing:
                return (.malformedHTTP, "\(host) sent a malformed HTTP response (\(describe(error))).")
            case .cancelled, .requestStreamCancelled:
                return (.cancelled, "The call to \(host) was cancelled.")
            default:
                return (.other, "The call to \(host) failed: \(describe(error)).")
            }
        }
        if error is NIOTooManyBytesError {
            return (.oversizedBody, "The response from \(host) is larger than \(ConnectionClient.bodyLimit / 1024) KiB, far more than a login answer; it was not read further. Check the tenant URL.")
        }
        if let parser = error as? HTTPParserError, parser == .invalidEOFState {
            return (.closedMidResponse, "\(host) closed the connection in the middle of the response. Retry; if it persists, a proxy may be cutting connections.")
        }
        if error is HTTPParserError {
            return (.malformedHTTP, "\(host) sent something that is not valid HTTP (\(describe(error))). Check the URL's scheme and port.")
        }
        if let (cause, tls) = tlsDescription(error) {
            return (cause, "TLS with \(host) failed: \(tls). If this is a private endpoint, pass its CA with --ca-file.")
        }
        if let connection = error as? NIOConnectionError {
            if connection.connectionErrors.isEmpty, connection.dnsAError != nil || connection.dnsAAAAError != nil {
                return (.dnsFailure, "The host name \(host) could not be resolved (DNS). Check the spelling of the tenant URL and your network.")
            }
            if let errno = connection.connectionErrors.lazy.compactMap({ ($0.error as? IOError)?.errnoCode }).first {
                return socketFailure(errno: errno, endpoint: endpoint)
            }
            return (.other, "No connection to \(host): \(describe(error)).")
        }
        if error is SocketAddressError {
            return (.dnsFailure, "The host name \(host) could not be resolved (DNS). Check the spelling of the tenant URL and your network.")
        }
        if let io = error as? IOError {
            return socketFailure(errno: io.errnoCode, endpoint: endpoint)
        }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout:
                return (.connectTimeout, "No connection to \(host) within \(timeouts.connectSeconds) s (connect timeout).")
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed:
                return (.closedEarly, "\(host) closed the connection before the response was complete.")
            default:
                return (.other, "The connection to \(host) failed: \(describe(error)).")
            }
        }
        if error is CancellationError {
            return (.cancelled, "The call to \(host) was cancelled.")
        }
        return (.other, "The call to \(host) failed: \(describe(error)).")
    }

    private static func socketFailure(errno code: Int32, endpoint: ConnectionEndpoint) -> (TransportCause, String) {
        let target = endpoint.host + (endpoint.port.map { ":\($0)" } ?? "")
        switch code {
        case ECONNREFUSED:
            return (.connectionRefused, "Connection to \(target) was refused: nothing is listening there. Check the URL and port.")
        case ECONNRESET:
            return (.connectionReset, "\(target) reset the connection. Retry; a proxy or firewall may be cutting it.")
        case ENETUNREACH, EHOSTUNREACH:
            return (.unreachable, "\(target) is unreachable from this machine (no route). Check VPN and network.")
        case ETIMEDOUT:
            return (.connectTimeout, "Connecting to \(target) timed out.")
        default:
            return (.other, "The connection to \(target) failed: \(String(cString: strerror(code))).")
        }
    }

    /// A readable TLS failure and its cause, or nil when the error is not about TLS.
    private static func tlsDescription(_ error: any Error) -> (TransportCause, String)? {
        switch error {
        case let error as NIOSSLError:
            switch error {
            case .handshakeFailed(let inner):
                let (cause, text) = readableBoringSSL(String(describing: inner))
                return (cause, "handshake failed (\(text))")
            case .uncleanShutdown:
                return (.tlsOther, "the server closed the connection during TLS")
            default:
                return (.tlsOther, describe(error))
            }
        case let error as NIOSSLExtraError:
            // NIOSSLExtraError's kinds are not public; its text is the only handle on them.
            let text = String(describing: error)
            if text.localizedCaseInsensitiveContains("hostname") {
                return (.tlsWrongHost, "the certificate is not valid for this host name (\(TextSanitizer.sanitize(text, limit: 160)))")
            }
            return (.tlsOther, TextSanitizer.sanitize(text, limit: 200))
        case let error as BoringSSLError:
            return readableBoringSSL(String(describing: error))
        case let error as NIOSSLCloseTimedOutError:
            return (.tlsOther, describe(error))
        default:
            return nil
        }
    }

    /// BoringSSL's error stack is long and cryptic; lead with the parts people recognise. Its
    /// reason names (`CERTIFICATE_VERIFY_FAILED`, `WRONG_VERSION_NUMBER`) are the only handle
    /// BoringSSL gives on the cause.
    private static func readableBoringSSL(_ text: String) -> (TransportCause, String) {
        let lower = text.lowercased()
        var hints: [(TransportCause, String)] = []
        if lower.contains("expired") { hints.append((.tlsExpired, "certificate expired")) }
        if lower.contains("certificate_verify_failed") || lower.contains("certificate verify failed") {
            hints.append((.tlsUntrusted, "certificate not trusted"))
        }
        if lower.contains("wrong_version_number") {
            hints.append((.tlsNotTLS, "the server did not answer TLS: is it plain HTTP (http://) or the wrong port?"))
        }
        if lower.contains("protocol_version") || lower.contains("unsupported_protocol") {
            hints.append((.tlsTooOld, "the server offers only TLS older than 1.2, which ztenant refuses as insecure (RFC 8996); the endpoint must enable TLS 1.2 or 1.3"))
        }
        let raw = TextSanitizer.sanitize(text, limit: 160)
        guard let first = hints.first else { return (.tlsOther, raw) }
        return (first.0, hints.map(\.1).joined(separator: ", ") + ": " + raw)
    }

    private static func describe(_ error: any Error) -> String {
        TextSanitizer.sanitize(String(describing: error), limit: 200)
    }
}
