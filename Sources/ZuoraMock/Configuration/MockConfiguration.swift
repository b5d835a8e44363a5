import Foundation

/// Everything the mock Zuora server knows: users, entities, limits and quirks.
public struct MockConfiguration: Sendable, Hashable, Codable {
    /// The users that can log in.
    public var users: [MockUser]
    /// The OAuth clients `POST /oauth/token` knows.
    public var clients: [MockClient]
    /// The tenant's entities (for multi-entity logins).
    public var entities: [MockEntity]
    /// AUTH requests allowed per client IP per window (Zuora: 100 per minute).
    public var authRequestsPerWindow: Int
    /// The rate-limit window in seconds.
    public var windowSeconds: Int
    /// A path prefix before `/v1/connections`, e.g. `/rest`.
    public var pathPrefix: String
    /// Send reason codes as JSON strings instead of numbers (the spec's type; the wire uses numbers).
    public var codesAsStrings: Bool
    /// Percent-encode `=` in the session cookie value, as Zuora sometimes does.
    public var percentEncodedSessions: Bool

    /// Creates a configuration.
    public init(
        users: [MockUser], clients: [MockClient] = [], entities: [MockEntity] = [], authRequestsPerWindow: Int = 100,
        windowSeconds: Int = 60, pathPrefix: String = "", codesAsStrings: Bool = false, percentEncodedSessions: Bool = false
    ) {
        self.users = users
        self.clients = clients
        self.entities = entities
        self.authRequestsPerWindow = authRequestsPerWindow
        self.windowSeconds = windowSeconds
        self.pathPrefix = pathPrefix
        self.codesAsStrings = codesAsStrings
        self.percentEncodedSessions = percentEncodedSessions
    }

    private enum CodingKeys: String, CodingKey {
        case users, clients, entities, authRequestsPerWindow, windowSeconds, pathPrefix, codesAsStrings, percentEncodedSessions
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        users = try container.decode([MockUser].self, forKey: .users)
        clients = try container.decodeIfPresent([MockClient].self, forKey: .clients) ?? []
        entities = try container.decodeIfPresent([MockEntity].self, forKey: .entities) ?? []
        authRequestsPerWindow = try container.decodeIfPresent(Int.self, forKey: .authRequestsPerWindow) ?? 100
        windowSeconds = try container.decodeIfPresent(Int.self, forKey: .windowSeconds) ?? 60
        pathPrefix = try container.decodeIfPresent(String.self, forKey: .pathPrefix) ?? ""
        codesAsStrings = try container.decodeIfPresent(Bool.self, forKey: .codesAsStrings) ?? false
        percentEncodedSessions = try container.decodeIfPresent(Bool.self, forKey: .percentEncodedSessions) ?? false
    }

    /// Reads a JSON configuration file.
    public static func load(path: String) throws -> MockConfiguration {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(MockConfiguration.self, from: data)
    }

    /// The built-in tenant used by `ztenant mock` without `--config` and by `ztenant demo`:
    /// one user per way a login can end.
    public static let demo = MockConfiguration(
        users: [
            MockUser(name: "demo@example.com", password: "demo-password"),
            MockUser(name: "multi@example.com", password: "multi-password", entities: ["8a8082c45f2b4a1c015f2c1f2ad10001", "8a8082c45f2b4a1c015f2c1f2ad10002"]),
            MockUser(name: "slow@example.com", password: "slow-password", latencyMs: 1500),
            MockUser(name: "forbidden@example.com", password: "forbidden-password", fault: .forbidden),
            MockUser(name: "limited@example.com", password: "limited-password", fault: .rateLimited(retryAfter: 30)),
            MockUser(name: "broken@example.com", password: "broken-password", fault: .serverError),
            MockUser(name: "gateway@example.com", password: "gateway-password", fault: .badGateway),
            MockUser(name: "moved@example.com", password: "moved-password", fault: .redirect(location: "https://login.example.com/")),
            MockUser(name: "huge@example.com", password: "huge-password", fault: .oversizedBody(bytes: 4 << 20)),
            MockUser(name: "hangup@example.com", password: "hangup-password", fault: .closeMidResponse),
            MockUser(name: "stuck@example.com", password: "stuck-password", fault: .neverRespond),
            MockUser(name: "nocookie@example.com", password: "nocookie-password", fault: .successWithoutSession),
        ],
        clients: [
            MockClient(id: "demo-client", secret: "demo-client-secret/+=",
                entities: ["8a8082c4-5f2b-4a1c-015f-2c1f2ad10001", "8a8082c4-5f2b-4a1c-015f-2c1f2ad10002"]),
            MockClient(id: "single-client", secret: "single-client-secret", tenantId: "33405",
                entities: ["8a8082c4-5f2b-4a1c-015f-2c1f2ad10002"]),
            MockClient(id: "deactivated-client", secret: "deactivated-secret", fault: .forbidden),
            MockClient(id: "limited-client", secret: "limited-secret", fault: .rateLimited(retryAfter: 30)),
            MockClient(id: "broken-client", secret: "broken-secret", fault: .serverError),
            MockClient(id: "tokenless-client", secret: "tokenless-secret", fault: .successWithoutSession),
        ],
        entities: [
            MockEntity(id: "8a8082c45f2b4a1c015f2c1f2ad10001", name: "Global"),
            MockEntity(id: "8a8082c45f2b4a1c015f2c1f2ad10002", name: "Europe"),
            MockEntity(id: "8a8082c45f2b4a1c015f2c1f2ad10003", name: "APAC"),
        ])
}
