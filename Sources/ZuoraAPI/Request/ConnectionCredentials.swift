/// What one `POST /v1/connections` call needs: where, who, and which entity.
public struct ConnectionCredentials: Sendable, Hashable {
    /// The tenant's REST base URL, e.g. `https://rest.sandbox.na.zuora.com` or
    /// `https://proxy.example.com/rest` (a path prefix is kept).
    public var baseURL: String
    /// The API user name, sent as `apiAccessKeyId`.
    public var user: String
    /// The password, sent as `apiSecretAccessKey`.
    public var password: Secret
    /// The entity to enter, if any.
    public var entity: EntitySelector

    /// Creates credentials for one call.
    public init(baseURL: String, user: String, password: Secret, entity: EntitySelector = .none) {
        self.baseURL = baseURL
        self.user = user
        self.password = password
        self.entity = entity
    }
}
