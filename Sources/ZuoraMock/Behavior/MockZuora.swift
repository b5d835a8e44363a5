import Foundation
import Synchronization

/// The mock's brain: decides the answer to each request the way Zuora would, and keeps
/// what it saw. Independent of the network so it can be driven directly.
public final class MockZuora: Sendable {
    private struct State {
        var configuration: MockConfiguration
        var requests: [RecordedRequest] = []
        var logins: [String: Int] = [:]
        var sessions: [String: String] = [:]
        /// Access tokens issued, by token: the client id.
        var tokens: [String: String] = [:]
        var windows: [String: (start: Date, count: Int)] = [:]
        var inFlight = 0
        var maxInFlight = 0
    }

    private let state: Mutex<State>

    /// Creates the mock with a configuration.
    public init(configuration: MockConfiguration) {
        state = Mutex(State(configuration: configuration))
    }

    /// The current configuration.
    public var configuration: MockConfiguration {
        state.withLock { $0.configuration }
    }

    /// Replaces the configuration (users, faults, limits) while running.
    public func reconfigure(_ change: @Sendable (inout MockConfiguration) -> Void) {
        state.withLock { change(&$0.configuration) }
    }

    /// Every request received so far, oldest first.
    public var requests: [RecordedRequest] {
        state.withLock { $0.requests }
    }

    /// How many successful logins `user` has made.
    public func loginCount(user: String) -> Int {
        state.withLock { $0.logins[user, default: 0] }
    }

    /// The user a ZSession value was issued to, if this mock issued it.
    public func owner(ofSession session: String) -> String? {
        state.withLock { $0.sessions[session] }
    }

    /// Forgets every token issued, as Zuora does when a token is revoked or has ended: the
    /// bearer swap then answers 401.
    public func forgetTokens() {
        state.withLock { $0.tokens.removeAll() }
    }

    /// How many of the tokens this mock still knows were issued to `client`.
    public func tokenCount(client: String) -> Int {
        state.withLock { state in state.tokens.values.filter { $0 == client }.count }
    }

    /// The most requests that were waiting for their answer at the same time.
    public var maxConcurrentRequests: Int {
        state.withLock { $0.maxInFlight }
    }

    /// Requests whose answers are pending right now.
    public var concurrentRequests: Int {
        state.withLock { $0.inFlight }
    }

    /// Called by the server when a request has arrived and its answer is pending.
    func requestStarted() {
        state.withLock {
            $0.inFlight += 1
            $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
        }
    }

    /// Called by the server when an answer has been written (or the connection went away).
    func requestFinished() {
        state.withLock { $0.inFlight -= 1 }
    }

    /// Forgets recorded requests, login counts and rate-limit windows.
    public func reset() {
        state.withLock {
            $0.requests.removeAll()
            $0.logins.removeAll()
            $0.windows.removeAll()
            $0.maxInFlight = $0.inFlight
        }
    }

    /// Decides the answer to one request and records it.
    public func respond(to request: RecordedRequest, now: Date = Date()) -> MockResponse {
        state.withLock { state in
            state.requests.append(request)
            let config = state.configuration
            let requestId = UUID().uuidString.lowercased()
            var common: [(name: String, value: String)] = [
                ("Server", "Zuora App"),
                ("Zuora-Request-Id", requestId),
            ]
            if let track = request.header("Zuora-Track-Id") {
                common.append(("Zuora-Track-Id", track))
            }

            // AUTH-class limit per client IP, counted before anything else, failures included.
            var window = state.windows[request.clientIP] ?? (now, 0)
            if now.timeIntervalSince(window.start) >= Double(config.windowSeconds) {
                window = (now, 0)
            }
            window.count += 1
            state.windows[request.clientIP] = window
            let reset = max(1, config.windowSeconds - Int(now.timeIntervalSince(window.start)))
            let remaining = max(0, config.authRequestsPerWindow - window.count)
            let limits: [(name: String, value: String)] = [
                ("RateLimit-Limit", String(config.authRequestsPerWindow)),
                ("RateLimit-Remaining", String(remaining)),
                ("RateLimit-Reset", String(reset)),
            ]
            if window.count > config.authRequestsPerWindow {
                return MockResponse(
                    status: 429, headers: common + limits + [("Retry-After", String(reset)), Self.json],
                    body: #"{"code":"REQUEST_EXCEEDED_LIMIT","message":"Your total number of concurrent requests have exceeded the limit allowed by the system. Please resubmit your request later."}"#)
            }

            let path = request.uri.split(separator: "?").first.map(String.init) ?? request.uri
            if path == config.pathPrefix + "/oauth/token" {
                guard request.method == "POST" else {
                    return MockResponse(status: 405, headers: common + [Self.json, ("Allow", "POST")],
                        body: #"{"status":405,"message":"Request method not supported","path":"/oauth/token"}"#)
                }
                return Self.token(request: request, common: common, config: config, state: &state)
            }
            if let bearer = request.header("Authorization"), bearer.lowercased().hasPrefix("bearer "),
                path == config.pathPrefix + "/v1/connections", request.header("apiAccessKeyId") == nil
            {
                return Self.exchange(token: String(bearer.dropFirst(7)), common: common, limits: limits, config: config, state: &state)
            }

            let expectedPath = config.pathPrefix + "/v1/connections"
            guard request.uri.split(separator: "?").first.map(String.init) == expectedPath else {
                return MockResponse(status: 404, headers: common + [Self.json],
                    body: Self.failureBody(code: "50000040", message: "No HTTP resource was found that matches the request URI.", config: config))
            }
            guard request.method == "POST" else {
                return MockResponse(status: 405, headers: common + [Self.json, ("Allow", "POST")],
                    body: Self.failureBody(code: "90000045", message: "Request method '\(request.method)' not supported", config: config))
            }

            let userName = request.header("apiAccessKeyId") ?? ""
            let user = config.users.first { $0.name == userName }
            let delay = user?.latencyMs ?? 0
            if let user, let fault = user.fault {
                var answer = Self.answer(for: fault, common: common, limits: limits, config: config)
                answer.delayMs += delay
                return answer
            }
            guard let user, request.header("apiSecretAccessKey") == user.password else {
                return MockResponse(status: 401, headers: common + limits + [Self.json],
                    body: Self.failureBody(code: "90000011", message: "this resource is protected, please sign in first", config: config),
                    delayMs: delay)
            }
            if let entityProblem = Self.entityProblem(request: request, user: user, config: config) {
                var answer = entityProblem
                answer.headers = common + limits + answer.headers
                answer.delayMs = delay
                return answer
            }

            let session = Self.newSession(percentEncoded: config.percentEncodedSessions)
            let barrier = user.holdUntilConcurrent
            let decoded = session.replacingOccurrences(of: "%3D", with: "=")
            state.sessions[decoded] = user.name
            state.logins[user.name, default: 0] += 1
            let body = "{\n  \"success\" : true\n}"
            return MockResponse(
                status: 200,
                headers: common + limits + [
                    ("Content-Type", "application/json;charset=utf-8"),
                    ("Cache-Control", "max-age=0, no-cache, no-store"),
                    ("Set-Cookie", "ZuoraLB=web\(Int.random(in: 1...9)); Path=/; HttpOnly"),
                    ("Set-Cookie", "ZSession=\(session); Path=/; Secure; HttpOnly"),
                    ("Set-Cookie", "zuora_locale=en_US; Path=/"),
                ],
                body: body, delayMs: delay, holdUntilConcurrent: barrier)
        }
    }

    private static let json = (name: "Content-Type", value: "application/json;charset=utf-8")

    /// `POST /oauth/token`: the client credentials grant, with the shapes Zuora answers in
    /// (docs/oauth facts): a Spring-style 400 for an unknown client, 401 for a wrong secret,
    /// 403 for a deactivated user, 429 with `X-RateLimit-*-minute`.
    private static func token(request: RecordedRequest, common: [(name: String, value: String)], config: MockConfiguration,
        state: inout State) -> MockResponse
    {
        let form = formFields(request.body)
        guard form["grant_type"] == "client_credentials" else {
            return MockResponse(status: 400, headers: common + [json],
                body: #"{"error":"unsupported_grant_type","error_description":"Only client_credentials is supported"}"#)
        }
        guard let client = config.clients.first(where: { $0.id == form["client_id"] }) else {
            return MockResponse(status: 400, headers: common + [json],
                body: #"{"status":400,"message":"Invalid client id","path":"/oauth/token"}"#)
        }
        let delay = client.latencyMs
        let minute: [(name: String, value: String)] = [("X-RateLimit-Limit-minute", "100"), ("X-RateLimit-Remaining-minute", "99")]
        if let fault = client.fault {
            var answer: MockResponse
            switch fault {
            case .forbidden:
                answer = MockResponse(status: 403, headers: common + [json],
                    body: #"{"status":403,"message":"User deactivated","path":"/oauth/token"}"#)
            case .rateLimited(let retryAfter), .tenantRateLimited(let retryAfter):
                answer = MockResponse(status: 429,
                    headers: common + [("X-RateLimit-Limit-minute", "100"), ("X-RateLimit-Remaining-minute", "0"),
                        ("Retry-After", String(retryAfter)), json],
                    body: #"{"message":"API rate limit exceeded"}"#)
            case .successWithoutSession:
                answer = MockResponse(status: 200, headers: common + minute + [json], body: #"{"token_type":"bearer","expires_in":3599}"#)
            case .hostileMessage(let message):
                answer = MockResponse(status: 401, headers: common + [json],
                    body: "{\"error\":\"invalid_client\",\"error_description\":\(JSONText.quoted(message))}")
            default:
                answer = Self.answer(for: fault, common: common, limits: [], config: config)
            }
            answer.delayMs += delay
            return answer
        }
        guard form["client_secret"] == client.secret else {
            return MockResponse(status: 401,
                headers: common + [json, ("WWW-Authenticate", #"Bearer realm="Zuora API", error="invalid_client""#)],
                body: #"{"error":"invalid_client","error_description":"Bad client credentials"}"#, delayMs: delay)
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        state.tokens[token] = client.id
        let scope = (["user.\(client.userId)"] + client.entities.map { "entity.\($0)" } + ["tenant.\(client.tenantId)", "platform.write",
            "service.usage.read", "service.events.write"]).joined(separator: " ")
        return MockResponse(status: 200,
            headers: common + minute + [json, ("Cache-Control", "no-store"), ("Pragma", "no-cache")],
            body: "{\"access_token\":\"\(token)\",\"token_type\":\"bearer\",\"expires_in\":3599,\"scope\":\"\(scope)\",\"jti\":\"\(token)\"}",
            delayMs: delay)
    }

    /// `POST /v1/connections` with `Authorization: Bearer`: a token this mock issued is swapped
    /// for a ZSession cookie, as Zuora does.
    private static func exchange(token: String, common: [(name: String, value: String)], limits: [(name: String, value: String)],
        config: MockConfiguration, state: inout State) -> MockResponse
    {
        guard let client = state.tokens[token] else {
            return MockResponse(status: 401, headers: common + limits + [json],
                body: failureBody(code: "90000011", message: "this resource is protected, please sign in first", config: config))
        }
        let session = newSession(percentEncoded: false)
        state.sessions[session] = "client:" + client
        return MockResponse(status: 200,
            headers: common + limits + [("Content-Type", "application/json;charset=utf-8"),
                ("Set-Cookie", "ZSession=\(session); Path=/; Secure; HttpOnly")],
            body: "{\n  \"success\" : true\n}")
    }

    /// The fields of an `application/x-www-form-urlencoded` body.
    static func formFields(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ") }
            guard let key = parts.first?.removingPercentEncoding else { continue }
            fields[key] = parts.count > 1 ? parts[1].removingPercentEncoding : ""
        }
        return fields
    }

    private static func answer(
        for fault: MockFault, common: [(name: String, value: String)], limits: [(name: String, value: String)],
        config: MockConfiguration
    ) -> MockResponse {
        switch fault {
        case .forbidden:
            return MockResponse(status: 403, headers: common + [json],
                body: failureBody(code: "90000010", message: "You do not have permission to access this resource via the API.", config: config))
        case .rateLimited(let retryAfter):
            return MockResponse(status: 429,
                headers: common + [("RateLimit-Limit", "100"), ("RateLimit-Remaining", "0"),
                    ("RateLimit-Reset", String(retryAfter)), ("Retry-After", String(retryAfter)), json],
                body: #"{"message":"request exceeded limit"}"#)
        case .tenantRateLimited(let retryAfter):
            return MockResponse(status: 429,
                headers: common + [("RateLimit-Limit", "2000"), ("RateLimit-Remaining", "0"),
                    ("RateLimit-Reset", String(retryAfter)), ("Retry-After", String(retryAfter)), json],
                body: #"{"message":"request exceeded limit"}"#)
        case .serverError:
            return MockResponse(status: 500, headers: common + [("Content-Type", "text/plain")],
                body: "We're sorry, but something went wrong.")
        case .badGateway:
            return MockResponse(status: 502, headers: [("Server", "awselb/2.0"), ("Content-Type", "text/html")],
                body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n")
        case .redirect(let location):
            return MockResponse(status: 302, headers: common + [("Location", location), ("Content-Type", "text/html")],
                body: "<html><body>Moved</body></html>")
        case .oversizedBody(let bytes):
            return MockResponse(status: 200, headers: common + [json], delivery: .stream(bytes: bytes))
        case .closeMidResponse:
            return MockResponse(status: 200, headers: common + [json],
                body: "{\n  \"success\" : true,\n  \"padding\" : \"" + String(repeating: "x", count: 2048) + "\"\n}",
                delivery: .closeMidway)
        case .neverRespond:
            return MockResponse(status: 200, delivery: .never)
        case .successWithoutSession:
            return MockResponse(status: 200, headers: common + limits + [json], body: "{\n  \"success\" : true\n}")
        case .hostileMessage(let message):
            return MockResponse(status: 401, headers: common + [json],
                body: failureBody(code: "90000011", message: message, config: config))
        case .failureWith200(let code, let message):
            return MockResponse(status: 200, headers: common + [json], body: failureBody(code: code, message: message, config: config))
        case .custom(let status, let headers, let body):
            return MockResponse(status: status, headers: common + headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, body: body)
        }
    }

    private static func entityProblem(request: RecordedRequest, user: MockUser, config: MockConfiguration) -> MockResponse? {
        let id = request.header("entityId")
        let name = request.header("entityName")
        if id != nil && name != nil {
            return MockResponse(status: 400, headers: [json],
                body: failureBody(code: "90000020", message: "entityId and entityName cannot be specified at the same time.", config: config))
        }
        guard id != nil || name != nil else { return nil }
        let entity = config.entities.first { entity in
            if let id { return normalized(entity.id) == normalized(id) }
            return entity.name == name
        }
        guard let entity else {
            return MockResponse(status: 400, headers: [json],
                body: failureBody(code: "90000020", message: "Invalid entity: \(id ?? name ?? "")", config: config))
        }
        if !user.entities.isEmpty && !user.entities.map(normalized).contains(normalized(entity.id)) {
            return MockResponse(status: 403, headers: [json],
                body: failureBody(code: "90000020", message: "You do not have access to entity \(entity.name).", config: config))
        }
        return nil
    }

    private static func normalized(_ id: String) -> String {
        id.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// The recorded failure body: pretty-printed the way Zuora prints it, code as a number
    /// unless the configuration asks for strings.
    static func failureBody(code: String, message: String, config: MockConfiguration) -> String {
        let codeText = config.codesAsStrings || Int(code) == nil ? JSONText.quoted(code) : code
        return "{\n  \"success\" : false,\n  \"processId\" : \"\(String(UUID().uuidString.prefix(16)).replacingOccurrences(of: "-", with: ""))\",\n  \"reasons\" : [ {\n    \"code\" : \(codeText),\n    \"message\" : \(JSONText.quoted(message))\n  } ]\n}"
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")

    private static func newSession(percentEncoded: Bool) -> String {
        var generator = SystemRandomNumberGenerator()
        let token = String((0..<256).map { _ in alphabet.randomElement(using: &generator)! })
        return percentEncoded ? token + "%3D%3D" : token
    }
}
