import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// Performs Zuora's `POST {base}/v1/connections` login call (and the OAuth token call,
/// ``token(_:trackId:)``) and classifies the result.
///
/// One client holds one HTTP connection pool and may run many calls at once; create it,
/// use it, and call ``shutdown()`` when done. It never follows redirects (they would resend
/// the password), keeps no cookie jar, reads at most ``bodyLimit`` bytes of any body, and
/// fails fast instead of retrying a refused connection. It speaks TLS 1.2 or newer only.
public final class ConnectionClient: Sendable {
    /// How long a call may take.
    public struct Timeouts: Sendable, Hashable {
        /// Time allowed to open the TCP connection (and complete TLS).
        public var connect: Duration
        /// Time allowed for the whole call, from sending to the end of the response.
        public var total: Duration

        /// Creates timeouts; the defaults are 10 s to connect and 30 s in all.
        public init(connect: Duration = .seconds(10), total: Duration = .seconds(30)) {
            self.connect = connect
            self.total = total
        }

        var connectSeconds: String { Self.format(connect) }
        var totalSeconds: String { Self.format(total) }

        private static func format(_ duration: Duration) -> String {
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return seconds.rounded() == seconds ? String(Int(seconds)) : String(format: "%.1f", seconds)
        }
    }

    /// How the client connects.
    public struct Configuration: Sendable {
        /// Connect and total deadlines.
        public var timeouts: Timeouts
        /// A PEM file of extra CA certificates to trust in addition to the system's, for
        /// private endpoints.
        public var caFile: String?

        /// Creates a configuration.
        public init(timeouts: Timeouts = Timeouts(), caFile: String? = nil) {
            self.timeouts = timeouts
            self.caFile = caFile
        }
    }

    /// The most bytes of a response body that are read: a login answer is tiny, so anything
    /// bigger is a wrong endpoint or a hostile server.
    public static let bodyLimit = 1 << 20

    /// The oldest TLS version the client accepts: 1.2.
    public static let minimumTLSVersion = TLSVersion.tlsv12

    private let http: HTTPClient
    private let timeouts: Timeouts

    /// Creates a client.
    ///
    /// - Throws: ``ConnectionClientError/unreadableCAFile(path:reason:)`` when `caFile` is set
    ///   but holds no usable PEM certificate.
    public init(configuration: Configuration = Configuration()) throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        // TLS 1.0 and 1.1 are deprecated (RFC 8996); Zuora's endpoints all speak 1.2 and 1.3.
        tls.minimumTLSVersion = Self.minimumTLSVersion
        if let path = configuration.caFile {
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(path)
            } catch {
                throw ConnectionClientError.unreadableCAFile(path: path, reason: Self.whyUnreadable(path))
            }
            guard !certificates.isEmpty else {
                throw ConnectionClientError.unreadableCAFile(path: path, reason: "no PEM certificate in it")
            }
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        var http = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(configuration.timeouts.connect)),
            decompression: .disabled)
        // A refused or unresolvable host is reported at once instead of retried until the deadline.
        http.connectionPool.retryConnectionEstablishment = false
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
        self.timeouts = configuration.timeouts
    }

    /// Runs one login call. Never throws: every failure is an outcome.
    ///
    /// - Parameters:
    ///   - credentials: where and as whom to log in.
    ///   - trackId: the `Zuora-Track-Id` to send; a fresh one by default.
    public func connect(_ credentials: ConnectionCredentials, trackId: String = ConnectionRequest.newTrackId()) async
        -> ConnectionOutcome
    {
        let startedAt = Date()
        switch ConnectionRequest.make(credentials, trackId: trackId) {
        case .success(let request):
            return await login(request, sentEntity: credentials.entity != .none, startedAt: startedAt)
        case .failure(let problems):
            return Self.notSent(credentials.baseURL, problems, trackId: trackId, startedAt: startedAt)
        }
    }

    /// Runs one OAuth token call (`POST {base}/oauth/token`, client credentials), with the same
    /// discipline as ``connect(_:trackId:)``: no redirects, the body cap, the deadlines, TLS 1.2
    /// or newer, sanitized text. Never throws: every failure is an outcome, its `auth` `.oauth`.
    public func token(_ credentials: OAuthCredentials, trackId: String = ConnectionRequest.newTrackId()) async -> ConnectionOutcome {
        let startedAt = Date()
        let request: TokenRequest
        switch TokenRequest.make(credentials, trackId: trackId) {
        case .success(let made):
            request = made
        case .failure(let problems):
            var outcome = Self.notSent(credentials.baseURL, problems, trackId: trackId, startedAt: startedAt)
            outcome.auth = .oauth
            return outcome
        }
        switch await send(to: request.url, headers: request.headers, body: request.body.bytes, endpoint: request.endpoint, trackId: trackId,
            startedAt: startedAt)
        {
        case .failed(var outcome):
            outcome.url = request.url
            outcome.auth = .oauth
            return outcome
        case .answered(let snapshot, let latencyMs):
            return TokenClassifier.classify(snapshot, request: request, startedAt: startedAt, latencyMs: latencyMs)
        }
    }

    /// Swaps an OAuth access token for a ZSession (`POST /v1/connections` with the bearer
    /// header), for tools that need a cookie; classified as a login.
    public func exchange(token: Secret, baseURL: String, entityIds: [String] = [], trackId: String = ConnectionRequest.newTrackId()) async
        -> ConnectionOutcome
    {
        let startedAt = Date()
        switch ConnectionRequest.exchange(baseURL: baseURL, token: token, entityIds: entityIds, trackId: trackId) {
        case .success(let request):
            return await login(request, sentEntity: !entityIds.isEmpty, startedAt: startedAt)
        case .failure(let problems):
            return Self.notSent(baseURL, problems, trackId: trackId, startedAt: startedAt)
        }
    }

    /// Sends a `/v1/connections` request and classifies the answer as a login.
    private func login(_ request: ConnectionRequest, sentEntity: Bool, startedAt: Date) async -> ConnectionOutcome {
        switch await send(to: request.endpoint.url, headers: request.headers, body: [], endpoint: request.endpoint, trackId: request.trackId,
            startedAt: startedAt)
        {
        case .failed(let outcome):
            return outcome
        case .answered(let snapshot, let latencyMs):
            return ResponseClassifier.classify(snapshot, request: request, sentEntity: sentEntity, startedAt: startedAt, latencyMs: latencyMs)
        }
    }

    /// The `invalid_profile` outcome of a request that could not be built: nothing was sent.
    private static func notSent(_ baseURL: String, _ problems: ProfileProblems, trackId: String, startedAt: Date) -> ConnectionOutcome {
        ConnectionOutcome(status: .invalidProfile, url: TextSanitizer.sanitize(baseURL, limit: 200), trackId: trackId,
            checkedAt: startedAt, detail: "Not sent: " + problems.description + ".")
    }

    /// How a sent request ended: an answer read whole, or a failure already made an outcome.
    private enum Sent {
        case answered(ResponseSnapshot, latencyMs: Int)
        case failed(ConnectionOutcome)
    }

    /// POSTs to `url` under the client's deadlines and body cap, and reads the answer.
    private func send(to url: String, headers: [(name: String, value: String)], body: [UInt8], endpoint: ConnectionEndpoint,
        trackId: String, startedAt: Date) async -> Sent
    {
        var http = HTTPClientRequest(url: url)
        http.method = .POST
        for header in headers {
            http.headers.add(name: header.name, value: header.value)
        }
        http.body = .bytes(ByteBuffer(bytes: body))
        let clock = ContinuousClock()
        let start = clock.now
        func failure(_ error: any Error, httpStatus: Int? = nil, headers: HTTPHeaders = [:]) -> ConnectionOutcome {
            let (cause, detail) = TransportFailure.classify(error, endpoint: endpoint, timeouts: timeouts, elapsed: clock.now - start)
            return ConnectionOutcome(
                status: cause.status, url: endpoint.url, httpStatus: httpStatus, cause: cause,
                requestId: headers.first(name: "Zuora-Request-Id").map { TextSanitizer.sanitize($0, limit: 64) },
                trackId: trackId, latencyMs: milliseconds(clock.now - start), checkedAt: startedAt,
                detail: TextSanitizer.sanitize(detail, limit: 500))
        }
        let response: HTTPClientResponse
        do {
            response = try await self.http.execute(http, deadline: .now() + TimeAmount(timeouts.total))
        } catch {
            var outcome = failure(error)
            if outcome.cause?.isCertificateProblem == true,
                let why = await CertificateDiagnosis.explain(host: endpoint.host, port: endpoint.port ?? 443, timeout: timeouts.connect)
            {
                outcome.detail = TextSanitizer.sanitize("TLS with \(endpoint.host) failed: \(why).", limit: 500)
            }
            return .failed(outcome)
        }
        var body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: Self.bodyLimit)
        } catch {
            var outcome = failure(error, httpStatus: Int(response.status.code), headers: response.headers)
            if outcome.status == .networkError {
                // The status line came but not the body: that status is no answer, so it is
                // told as part of the cut, not shown as if it were the result.
                outcome.cause = .closedMidResponse
                outcome.detail = TextSanitizer.sanitize(
                    "\(endpoint.host) closed the connection mid-response (after HTTP \(response.status.code) headers). Retry; if it persists, a proxy may be cutting connections.",
                    limit: 500)
                outcome.httpStatus = nil
            }
            return .failed(outcome)
        }
        let snapshot = ResponseSnapshot(
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name, $0.value) },
            body: body.readBytes(length: body.readableBytes) ?? [])
        return .answered(snapshot, latencyMs: milliseconds(clock.now - start))
    }

    /// A sentence for a CA file that did not load (NIOSSL's own error only names a case).
    static func whyUnreadable(_ path: String) -> String {
        if access(path, F_OK) != 0 { return "there is no such file" }
        if access(path, R_OK) != 0 { return "it cannot be read (permissions)" }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { return "it is a folder" }
        return "it holds no PEM certificate that can be read"
    }

    /// Runs `body` with a new client and shuts the client down when `body` returns or throws,
    /// so no path can leave one running (as `HTTPClient.withHTTPClient` does for its clients).
    public static func withConnectionClient<Result: Sendable>(
        configuration: Configuration = Configuration(), _ body: (ConnectionClient) async throws -> Result
    ) async throws -> Result {
        let client = try ConnectionClient(configuration: configuration)
        let result: Result
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        // A result in hand is never lost to a failing shutdown.
        try? await client.shutdown()
        return result
    }

    /// Closes the connection pool. Call once, after the last ``connect(_:trackId:)``.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    private func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let nanos = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        self = .nanoseconds(nanos)
    }
}
