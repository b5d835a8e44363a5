/// An OAuth client's credentials: Zuora's recommended way for an integration to authenticate
/// (`POST {base}/oauth/token`, client credentials grant). ../docs/oauth.md has the facts.
public struct OAuthCredentials: Sendable, Hashable {
    /// The tenant's REST base URL (a trailing `/v1` or `/v1/connections` is dropped; a proxy
    /// prefix is kept).
    public var baseURL: String
    /// The client id (36 characters at Zuora).
    public var clientId: String
    /// The client secret. Never printed; see ``Secret``.
    public var clientSecret: Secret
    /// Entity ids for `Zuora-Entity-Ids`, when the client may use several.
    public var entityIds: [String]

    /// Creates OAuth credentials.
    public init(baseURL: String, clientId: String, clientSecret: Secret, entityIds: [String] = []) {
        self.baseURL = baseURL
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.entityIds = entityIds
    }
}

/// Which way a login authenticated.
public enum AuthKind: String, Sendable, Hashable, Codable {
    /// `POST /v1/connections` with a user and password.
    case password
    /// `POST /oauth/token` with a client id and secret.
    case oauth
}
