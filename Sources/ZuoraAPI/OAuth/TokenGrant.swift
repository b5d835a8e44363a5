/// What an OAuth token says about the client, read from its `scope` and `expires_in`: which
/// tenant and user it really belongs to and which entities it may use, which a password login
/// cannot tell.
public struct TokenGrant: Sendable, Hashable, Codable {
    /// `tenant.<id>`: the tenant the client belongs to.
    public var tenantId: String?
    /// `user.<32 hex>`: the user the client acts as.
    public var userId: String?
    /// `entity.<uuid>`, one per entity the client may use.
    public var entityIds: [String]
    /// Seconds the token is valid for (3599 at Zuora).
    public var expiresIn: Int?

    /// Creates a grant.
    public init(tenantId: String? = nil, userId: String? = nil, entityIds: [String] = [], expiresIn: Int? = nil) {
        self.tenantId = tenantId
        self.userId = userId
        self.entityIds = entityIds
        self.expiresIn = expiresIn
    }

    /// Reads a `scope` string: space-separated items in any order; unknown items are skipped,
    /// every value is sanitized and bounded.
    public init(scope: String, expiresIn: Int?) {
        self.init(expiresIn: expiresIn)
        for item in scope.split(whereSeparator: { $0 == " " || $0 == "\t" }).prefix(200) {
            guard let dot = item.firstIndex(of: ".") else { continue }
            let kind = item[..<dot]
            let value = TextSanitizer.sanitize(String(item[item.index(after: dot)...]), limit: 64)
            guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { continue }
            switch kind {
            case "tenant": tenantId = tenantId ?? value
            case "user": userId = userId ?? value
            case "entity": if !entityIds.contains(value) { entityIds.append(value) }
            default: break
            }
        }
    }
}
