/// Which entity of a multi-entity tenant a login enters.
///
/// Zuora accepts an `entityId` *or* an `entityName` header, never both, so the choice
/// is one value rather than two optional strings.
public enum EntitySelector: Sendable, Hashable, Codable {
    /// No entity header: the user's default entity (or a single-entity tenant).
    case none
    /// The `entityId` header.
    case id(String)
    /// The `entityName` header.
    case name(String)

    /// The HTTP header name and value to send, or nil for ``none``.
    public var header: (name: String, value: String)? {
        switch self {
        case .none: nil
        case .id(let id): ("entityId", id)
        case .name(let name): ("entityName", name)
        }
    }

    /// A short human form: `id 8a8…`, `name Europe`, or `default`.
    public var summary: String {
        switch self {
        case .none: "default"
        case .id(let id): "id \(id)"
        case .name(let name): "name \(name)"
        }
    }
}
