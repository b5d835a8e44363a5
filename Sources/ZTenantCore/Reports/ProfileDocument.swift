import Foundation
import ZuoraAPI

/// The JSON object `list --json` and `show --json` print per profile (`"schema": 1`).
/// Never contains the password or the session value.
public struct ProfileDocument: Encodable, Sendable {
    /// The profile.
    public var profile: Profile
    /// Whether it is the active profile.
    public var active: Bool
    /// Its stored session, if any.
    public var session: StoredSession?
    /// Its last check (from the profile's status; no history is read for it).
    public var lastCheck: ConnectionOutcome?
    /// The streak the last check belongs to ("failing since 09:12 — 4 checks").
    public var streak: ProfileStatus?
    /// Its check history, oldest first; read only when ``includeHistory`` is set.
    public var history: [ConnectionOutcome]
    /// When the document was made, for session ages.
    public var now: Date
    /// Include the whole history rather than just the last check.
    public var includeHistory: Bool

    /// Creates a document for a profile in a payload.
    ///
    /// - Throws: when the history is asked for and the profile's history chunk is damaged.
    public init(_ profile: Profile, in payload: VaultPayload, now: Date = Date(), includeHistory: Bool) throws {
        self.profile = profile
        self.active = payload.activeProfile == profile.name
        self.session = payload.sessions[profile.name]
        self.lastCheck = payload.lastOutcome(of: profile.name)
        self.streak = payload.status(of: profile.name)
        self.history = includeHistory ? try payload.history(of: profile.name) : []
        self.now = now
        self.includeHistory = includeHistory
    }

    private enum Key: String, CodingKey {
        case schema, name, active, url, host, environment, environmentDeclared, auth, user, entity, tags, notes, sessionTimeoutMinutes
        case lastCheck, session, history, streak
    }

    private enum StreakKey: String, CodingKey { case ok, since, checks, firstCode, summary }

    private enum EntityKey: String, CodingKey { case type, value }
    private enum SessionKey: String, CodingKey { case obtainedAt, ageSeconds, fresh, lastUsedAt }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(1, forKey: .schema)
        try container.encode(profile.name, forKey: .name)
        try container.encode(active, forKey: .active)
        try container.encode(profile.baseURL, forKey: .url)
        try container.encode(profile.host, forKey: .host)
        try container.encode(profile.environmentClass.rawValue, forKey: .environment)
        try container.encode(profile.classIsDeclared, forKey: .environmentDeclared)
        // `user` is an OAuth profile's client id.
        try container.encode(profile.auth.rawValue, forKey: .auth)
        try container.encode(profile.user, forKey: .user)
        switch profile.entity {
        case .none:
            try container.encodeNil(forKey: .entity)
        case .id(let id):
            var nested = container.nestedContainer(keyedBy: EntityKey.self, forKey: .entity)
            try nested.encode("id", forKey: .type)
            try nested.encode(id, forKey: .value)
        case .name(let name):
            var nested = container.nestedContainer(keyedBy: EntityKey.self, forKey: .entity)
            try nested.encode("name", forKey: .type)
            try nested.encode(name, forKey: .value)
        }
        try container.encode(profile.tags, forKey: .tags)
        try container.encode(profile.notes, forKey: .notes)
        try container.encode(profile.sessionTimeoutMinutes, forKey: .sessionTimeoutMinutes)
        if let last = lastCheck {
            try container.encode(OutcomeDocument(profile: profile.name, outcome: last), forKey: .lastCheck)
        } else {
            try container.encodeNil(forKey: .lastCheck)
        }
        if let streak {
            var nested = container.nestedContainer(keyedBy: StreakKey.self, forKey: .streak)
            try nested.encode(streak.last.ok, forKey: .ok)
            try nested.encode(ISO8601.string(streak.since), forKey: .since)
            try nested.encode(streak.checks, forKey: .checks)
            try nested.encode(streak.firstCode, forKey: .firstCode)
            try nested.encode(StreakSummary.sentence(streak, now: now), forKey: .summary)
        } else {
            try container.encodeNil(forKey: .streak)
        }
        if let session {
            var nested = container.nestedContainer(keyedBy: SessionKey.self, forKey: .session)
            try nested.encode(ISO8601.string(session.obtainedAt), forKey: .obtainedAt)
            try nested.encode(ISO8601.string(session.lastUsedAt), forKey: .lastUsedAt)
            try nested.encode(Int(now.timeIntervalSince(session.obtainedAt)), forKey: .ageSeconds)
            try nested.encode(SessionPolicy.isFresh(session, for: profile, now: now), forKey: .fresh)
        } else {
            try container.encodeNil(forKey: .session)
        }
        if includeHistory {
            try container.encode(history.map { OutcomeDocument(profile: profile.name, outcome: $0) }, forKey: .history)
        }
    }

    /// One line of JSON with sorted keys.
    public func jsonLine() -> String {
        JSONLine.encode(self)
    }
}

/// Encodes any value as one line of JSON with sorted keys and unescaped slashes.
public enum JSONLine {
    /// The JSON text, or `{}` if encoding failed.
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
