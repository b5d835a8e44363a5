/// An entity of a multi-entity tenant in the mock.
public struct MockEntity: Sendable, Hashable, Codable {
    /// The entity id (Zuora's ids are 32 hex digits; dashes are ignored when matching).
    public var id: String
    /// The entity's display name.
    public var name: String

    /// Creates an entity.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
