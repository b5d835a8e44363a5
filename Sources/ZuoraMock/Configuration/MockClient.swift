/// An OAuth client the mock knows: the id and secret `POST /oauth/token` accepts, what its
/// token's scope says, and how it misbehaves.
public struct MockClient: Sendable, Hashable, Codable {
    /// `client_id`.
    public var id: String
    /// `client_secret`.
    public var secret: String
    /// The tenant in the scope (`tenant.<id>`).
    public var tenantId: String
    /// The user the client acts as (`user.<32 hex>`).
    public var userId: String
    /// Entity ids in the scope (`entity.<uuid>`), one per entity the client may use.
    public var entities: [String]
    /// Milliseconds added before answering.
    public var latencyMs: Int
    /// A misbehaviour, applied before the secret is checked. `forbidden` answers as a
    /// deactivated user (403), `successWithoutSession` as a 200 without `access_token`,
    /// `hostileMessage` as a 401 whose `error_description` is the message; the others as for
    /// users.
    public var fault: MockFault?

    /// Creates a client.
    public init(id: String, secret: String, tenantId: String = "12270", userId: String = "2c92c0f85e1e2b8f015e1f6b6b3a1d2e",
        entities: [String] = [], latencyMs: Int = 0, fault: MockFault? = nil)
    {
        self.id = id
        self.secret = secret
        self.tenantId = tenantId
        self.userId = userId
        self.entities = entities
        self.latencyMs = latencyMs
        self.fault = fault
    }

    private enum CodingKeys: String, CodingKey {
        case id, secret, tenantId, userId, entities, latencyMs, fault
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        secret = try container.decode(String.self, forKey: .secret)
        tenantId = try container.decodeIfPresent(String.self, forKey: .tenantId) ?? "12270"
        userId = try container.decodeIfPresent(String.self, forKey: .userId) ?? "2c92c0f85e1e2b8f015e1f6b6b3a1d2e"
        entities = try container.decodeIfPresent([String].self, forKey: .entities) ?? []
        latencyMs = try container.decodeIfPresent(Int.self, forKey: .latencyMs) ?? 0
        fault = try container.decodeIfPresent(MockFault.self, forKey: .fault)
    }
}
