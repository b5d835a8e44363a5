import Foundation
import ZuoraAPI

/// A named set of Zuora credentials: the thing an operator keeps one of per tenant.
public struct Profile: Sendable, Hashable, Codable, Identifiable {
    /// The unique name, e.g. `acme-prod-eu`.
    public var name: String
    /// The tenant's REST base URL.
    public var baseURL: String
    /// The API user name.
    public var user: String
    /// The password. Never printed; see ``Secret``.
    public var password: Secret
    /// The entity to enter on multi-entity tenants.
    public var entity: EntitySelector
    /// Free-form labels for grouping and filtering.
    public var tags: [String]
    /// Free-form notes.
    public var notes: String
    /// How long a Zuora session lasts for this tenant (its *Session timeout* policy), in
    /// minutes. Zuora's default is 15; tenants may set 15 minutes to 8 hours.
    public var sessionTimeoutMinutes: Int
    /// The class the operator declared for a host that is not one of Zuora's (a proxy or a
    /// vanity URL): production, sandbox or test. Ignored for Zuora's own hosts, whose class is
    /// known.
    public var declaredClass: EnvironmentClass?
    /// A user with a password (`POST /v1/connections`) or an OAuth client (`POST /oauth/token`;
    /// then ``user`` holds the client id and ``password`` the client secret).
    public var auth: AuthKind

    /// The profile's identity is its name.
    public var id: String { name }

    /// Creates a profile.
    public init(name: String, baseURL: String, user: String, password: Secret, entity: EntitySelector = .none,
        tags: [String] = [], notes: String = "", sessionTimeoutMinutes: Int = 15, declaredClass: EnvironmentClass? = nil,
        auth: AuthKind = .password)
    {
        self.declaredClass = declaredClass
        self.auth = auth
        self.name = name
        self.baseURL = baseURL
        self.user = user
        self.password = password
        self.entity = entity
        self.tags = tags
        self.notes = notes
        self.sessionTimeoutMinutes = sessionTimeoutMinutes
    }

    /// The credentials for an OAuth token call (an OAuth profile's client id and secret; its
    /// entity id, if any, as `Zuora-Entity-Ids`).
    public var oauthCredentials: OAuthCredentials {
        var ids: [String] = []
        if case .id(let id) = entity { ids = [id] }
        return OAuthCredentials(baseURL: baseURL, clientId: user, clientSecret: password, entityIds: ids)
    }

    /// The credentials for a connection call.
    public var credentials: ConnectionCredentials {
        ConnectionCredentials(baseURL: baseURL, user: user, password: password, entity: entity)
    }

    /// Production, sandbox or test from a Zuora host; for any other host the declared class,
    /// else custom. Drives badges, grouping and the production guard.
    public var environmentClass: EnvironmentClass {
        ZuoraEnvironment.matching(url: baseURL)?.environmentClass ?? declaredClass ?? .custom
    }

    /// Whether the class comes from the operator's declaration rather than a Zuora host.
    public var classIsDeclared: Bool {
        ZuoraEnvironment.matching(url: baseURL) == nil && declaredClass != nil
    }

    /// The host of ``baseURL``, for display.
    public var host: String {
        URLComponents(string: baseURL)?.host ?? baseURL
    }

    private enum CodingKeys: String, CodingKey {
        case name, baseURL, user, password, entity, tags, notes, sessionTimeoutMinutes, declaredClass, auth
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        baseURL = try container.decode(String.self, forKey: .baseURL)
        user = try container.decode(String.self, forKey: .user)
        password = try container.decode(Secret.self, forKey: .password)
        entity = try container.decodeIfPresent(EntitySelector.self, forKey: .entity) ?? .none
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        notes = try container.decodeIfPresent(String.self, forKey: .notes) ?? ""
        sessionTimeoutMinutes = try container.decodeIfPresent(Int.self, forKey: .sessionTimeoutMinutes) ?? 15
        declaredClass = try container.decodeIfPresent(EnvironmentClass.self, forKey: .declaredClass)
        auth = try container.decodeIfPresent(AuthKind.self, forKey: .auth) ?? .password
    }
}
