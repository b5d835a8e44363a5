/// A user the mock knows: the credentials it accepts and how it behaves for them.
public struct MockUser: Sendable, Hashable, Codable {
    /// The user name (`apiAccessKeyId`).
    public var name: String
    /// The password (`apiSecretAccessKey`) that logs in.
    public var password: String
    /// Ids of the entities this user may enter; empty means any known entity.
    public var entities: [String]
    /// Milliseconds added before answering (applies to every answer for this user).
    public var latencyMs: Int
    /// A misbehaviour for this user, applied before the password is checked.
    public var fault: MockFault?
    /// Hold answers until this many requests have waited at once (or 60 s pass), then answer
    /// everything at once: a barrier that shows a client's concurrency without depending on timing.
    public var holdUntilConcurrent: Int?

    /// Creates a user.
    public init(name: String, password: String, entities: [String] = [], latencyMs: Int = 0, fault: MockFault? = nil,
        holdUntilConcurrent: Int? = nil)
    {
        self.name = name
        self.password = password
        self.entities = entities
        self.latencyMs = latencyMs
        self.fault = fault
        self.holdUntilConcurrent = holdUntilConcurrent
    }

    private enum CodingKeys: String, CodingKey {
        case name, password, entities, latencyMs, fault, holdUntilConcurrent
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        password = try container.decode(String.self, forKey: .password)
        entities = try container.decodeIfPresent([String].self, forKey: .entities) ?? []
        latencyMs = try container.decodeIfPresent(Int.self, forKey: .latencyMs) ?? 0
        fault = try container.decodeIfPresent(MockFault.self, forKey: .fault)
        holdUntilConcurrent = try container.decodeIfPresent(Int.self, forKey: .holdUntilConcurrent)
    }
}
