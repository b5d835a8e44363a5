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

/// Classifies an error thrown before a complete response arrived into `timeout`,
/// `network_error`, `tls_error` or `protocol_error`, with a sentence for humans.
enum TransportFailure {
    /// The status and sentence for an error thrown while sending or receiving.
    static func classify(_ error: any Error, endpoint: ConnectionEndpoint, timeouts: ConnectionClient.Timeouts)
        -> (status: OutcomeStatus, detail: String)
    {
        let host = endpoint.host
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout:
                return (.timeout, "No connection to \(host) within \(timeouts.connectSeconds) s (connect timeout). Check the host name, VPN and firewall.")
            case .tlsHandshakeTimeout:
                return (.timeout, "The TLS handshake with \(host) did not finish in time. The server accepted the connection but never completed TLS.")
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return (.timeout, "No complete answer from \(host) within \(timeouts.totalSeconds) s. Zuora or a proxy is slow or stuck; retry later or raise --timeout.")
            case .remoteConnectionClosed, .uncleanShutdown:
                return (.networkError, "\(host) closed the connection before the response was complete. Retry; if it persists, a proxy may be cutting connections.")
            case .bodyLengthMismatch, .contentLengthMissing:
                return (.protocolError, "\(host) sent a malformed HTTP response (\(describe(error))).")
            case .cancelled, .requestStreamCancelled:
                return (.networkError, "The call to \(host) was cancelled.")
            default:
                return (.networkError, "The call to \(host) failed: \(describe(error)).")
            }
        }
        if error is NIOTooManyBytesError {
            return (.protocolError, "The response from \(host) is larger than \(ConnectionClient.bodyLimit / 1024) KiB, far more than a login answer; it was not read further. Check the tenant URL.")
        }
        if let parser = error as? HTTPParserError, parser == .invalidEOFState {
            return (.networkError, "\(host) closed the connection in the middle of the response. Retry; if it persists, a proxy may be cutting connections.")
        }
        if error is HTTPParserError {
            return (.protocolError, "\(host) sent something that is not valid HTTP (\(describe(error))). Check the URL's scheme and port.")
        }
        if let tls = tlsDescription(error) {
            return (.tlsError, "TLS with \(host) failed: \(tls). If this is a private endpoint, pass its CA with --ca-file.")
        }
        if let connection = error as? NIOConnectionError {
            if connection.connectionErrors.isEmpty, connection.dnsAError != nil || connection.dnsAAAAError != nil {
                return (.networkError, "The host name \(host) could not be resolved (DNS). Check the spelling of the tenant URL and your network.")
            }
            if let errno = connection.connectionErrors.lazy.compactMap({ ($0.error as? IOError)?.errnoCode }).first {
                return (.networkError, socketSentence(errno: errno, endpoint: endpoint))
            }
            return (.networkError, "No connection to \(host): \(describe(error)).")
        }
        if error is SocketAddressError {
            return (.networkError, "The host name \(host) could not be resolved (DNS). Check the spelling of the tenant URL and your network.")
        }
        if let io = error as? IOError {
            return (.networkError, socketSentence(errno: io.errnoCode, endpoint: endpoint))
        }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout:
                return (.timeout, "No connection to \(host) within \(timeouts.connectSeconds) s (connect timeout).")
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed:
                return (.networkError, "\(host) closed the connection before the response was complete.")
            default:
                return (.networkError, "The connection to \(host) failed: \(describe(error)).")
            }
        }
        if error is CancellationError {
            return (.networkError, "The call to \(host) was cancelled.")
        }
        return (.networkError, "The call to \(host) failed: \(describe(error)).")
    }

    private static func socketSentence(errno code: Int32, endpoint: ConnectionEndpoint) -> String {
        let target = endpoint.host + (endpoint.port.map { ":\($0)" } ?? "")
        switch code {
        case ECONNREFUSED:
            return "Connection to \(target) was refused: nothing is listening there. Check the URL and port."
        case ECONNRESET:
            return "\(target) reset the connection. Retry; a proxy or firewall may be cutting it."
        case ENETUNREACH, EHOSTUNREACH:
            return "\(target) is unreachable from this machine (no route). Check VPN and network."
        case ETIMEDOUT:
            return "Connecting to \(target) timed out."
        default:
            return "The connection to \(target) failed: \(String(cString: strerror(code)))."
        }
    }

    /// A readable TLS failure, or nil when the error is not about TLS.
    private static func tlsDescription(_ error: any Error) -> String? {
        switch error {
        case let error as NIOSSLError:
            switch error {
            case .handshakeFailed(let inner):
                return "handshake failed (\(readableBoringSSL(String(describing: inner))))"
            case .uncleanShutdown:
                return "the server closed the connection during TLS"
            default:
                return describe(error)
            }
        case let error as NIOSSLExtraError:
            let text = String(describing: error)
            if text.localizedCaseInsensitiveContains("hostname") {
                return "the certificate is not valid for this host name (\(TextSanitizer.sanitize(text, limit: 160)))"
            }
            return TextSanitizer.sanitize(text, limit: 200)
        case let error as BoringSSLError:
            return readableBoringSSL(String(describing: error))
        case let error as NIOSSLCloseTimedOutError:
            return describe(error)
        default:
            return nil
        }
    }

    /// BoringSSL's error stack is long and cryptic; lead with the parts people recognise.
    private static func readableBoringSSL(_ text: String) -> String {
        let lower = text.lowercased()
        var hints: [String] = []
        if lower.contains("certificate_verify_failed") || lower.contains("certificate verify failed") {
            hints.append("certificate not trusted")
        }
        if lower.contains("expired") { hints.append("certificate expired") }
        if lower.contains("wrong_version_number") { hints.append("the server did not answer TLS: is it plain HTTP (http://) or the wrong port?") }
        if lower.contains("protocol_version") || lower.contains("unsupported_protocol") {
            hints.append("the server offers only TLS older than 1.2, which ztenant refuses as insecure (RFC 8996); the endpoint must enable TLS 1.2 or 1.3")
        }
        let raw = TextSanitizer.sanitize(text, limit: 160)
        return hints.isEmpty ? raw : hints.joined(separator: ", ") + ": " + raw
    }

    private static func describe(_ error: any Error) -> String {
        TextSanitizer.sanitize(String(describing: error), limit: 200)
    }
}
