import CredentialVault
import Foundation
import ZuoraAPI

/// Everything the vault holds: profiles, which is active, sessions, check history, settings.
public struct VaultPayload: Codable, Sendable, Equatable {
    /// Profiles, in the order they were added.
    public var profiles: [Profile]
    /// The profile `use` marked active, if any.
    public var activeProfile: String?
    /// The last session obtained per profile name.
    public var sessions: [String: StoredSession]
    /// Recent check results per profile name, oldest first, at most ``historyLimit``.
    public var history: [String: [ConnectionOutcome]]
    /// Preferences.
    public var settings: Settings
    /// The payload schema that wrote these contents (separate from the file format): 1 for
    /// every payload this build writes, and for payloads written before the field existed.
    public private(set) var schema: Int = VaultPayload.currentSchema

    /// How many past checks are kept per profile.
    public static let historyLimit = 50
    /// The newest payload schema this build reads and writes.
    public static let currentSchema = 1

    private enum CodingKeys: String, CodingKey {
        case schema, profiles, activeProfile, sessions, history, settings
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schema = try container.decodeIfPresent(Int.self, forKey: .schema) ?? 1
        profiles = try container.decode([Profile].self, forKey: .profiles)
        activeProfile = try container.decodeIfPresent(String.self, forKey: .activeProfile)
        sessions = try container.decode([String: StoredSession].self, forKey: .sessions)
        history = try container.decode([String: [ConnectionOutcome]].self, forKey: .history)
        settings = try container.decode(Settings.self, forKey: .settings)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(profiles, forKey: .profiles)
        try container.encodeIfPresent(activeProfile, forKey: .activeProfile)
        try container.encode(sessions, forKey: .sessions)
        try container.encode(history, forKey: .history)
        try container.encode(settings, forKey: .settings)
    }

    /// An empty vault.
    public init(profiles: [Profile] = [], activeProfile: String? = nil, sessions: [String: StoredSession] = [:],
        history: [String: [ConnectionOutcome]] = [:], settings: Settings = Settings())
    {
        self.profiles = profiles
        self.activeProfile = activeProfile
        self.sessions = sessions
        self.history = history
        self.settings = settings
    }

    /// The profile with this name.
    public func profile(named name: String) -> Profile? {
        profiles.first { $0.name == name }
    }

    /// The most recent check of a profile.
    public func lastOutcome(of name: String) -> ConnectionOutcome? {
        history[name]?.last
    }

    /// Appends a check result, dropping the oldest beyond the limit.
    public mutating func record(_ outcome: ConnectionOutcome, for name: String) {
        var entries = history[name, default: []]
        var stored = outcome
        stored.session = nil
        entries.append(stored)
        if entries.count > Self.historyLimit { entries.removeFirst(entries.count - Self.historyLimit) }
        history[name] = entries
    }
}

/// A ZSession obtained for a profile.
public struct StoredSession: Codable, Sendable, Equatable {
    /// The session token.
    public var value: Secret
    /// When Zuora issued it.
    public var obtainedAt: Date
    /// When ztenant last stored it after a login. Reusing a stored session writes nothing to
    /// the vault, so a reuse does not move it.
    public var lastUsedAt: Date
    /// The URL, user and entity it was issued for; a session for other credentials is not reused.
    public var fingerprint: String

    /// Creates a stored session.
    public init(value: Secret, obtainedAt: Date, lastUsedAt: Date, fingerprint: String) {
        self.value = value
        self.obtainedAt = obtainedAt
        self.lastUsedAt = lastUsedAt
        self.fingerprint = fingerprint
    }
}

/// Preferences kept in the vault.
public struct Settings: Codable, Sendable, Equatable {
    /// The TUI theme an older version kept here; read only when `config.toml` names none
    /// (themes are settings in `config.toml` now, not vault data).
    public var theme: String?
    /// Minutes of inactivity before the TUI locks.
    public var autoLockMinutes: Int

    /// Defaults: no theme chosen, lock after 10 minutes.
    public init(theme: String? = nil, autoLockMinutes: Int = 10) {
        self.theme = theme
        self.autoLockMinutes = autoLockMinutes
    }
}

extension Profile {
    /// Identifies the credentials a session belongs to (never includes the password itself).
    public var sessionFingerprint: String {
        "\(baseURL)|\(user)|\(entity.summary)"
    }
}

extension VaultPayload: SchemaVersioned {
    /// Set when a newer build wrote the payload: this build may read it, never write it back.
    public var writeRefusal: String? {
        schema > Self.currentSchema ? Self.newer(schema) : nil
    }

    /// A payload that does not decode but names a newer schema was written by a newer build.
    public static func refusal(forUndecodable plaintext: Data) -> String? {
        struct Probe: Decodable { var schema: Int? }
        guard let schema = (try? JSONDecoder().decode(Probe.self, from: plaintext))?.schema, schema > currentSchema else { return nil }
        return newer(schema)
    }

    private static func newer(_ schema: Int) -> String {
        "was written by a newer ztenant (payload schema \(schema); this build understands up to \(currentSchema))"
    }
}
