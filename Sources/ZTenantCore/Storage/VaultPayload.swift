import CredentialVault
import Foundation
import ZuoraAPI

/// Everything the vault holds: profiles, which is active, sessions, each profile's status and
/// check history, settings.
///
/// Stored as format 2 sections (docs/vault-format.md), each a protobuf message of
/// `vault.proto`: `profiles` (the profiles with their stable ids, the active mark, settings,
/// the payload schema), `status` (each profile's last outcome and streak), `sessions`, and one
/// `history/<id>` chunk per profile. Opening reads the first three; a profile's history is read when asked
/// for, and a write re-seals only what changed.
public struct VaultPayload: Sendable, Equatable {
    /// Profiles, in the order they were added. A profile added here gets a stable id at once.
    public var profiles: [Profile] { didSet { assignIDs() } }
    /// The profile `use` marked active, if any.
    public var activeProfile: String?
    /// The last session obtained per profile name.
    public var sessions: [String: StoredSession] { didSet { touched.insert(.sessions) } }
    /// Preferences.
    public var settings: Settings
    /// The payload schema that wrote these contents (separate from the file format): 1 for
    /// payloads written before the field existed and for those that need nothing newer; 2
    /// once a profile declares an environment class (written as the larger of this and
    /// what the contents need).
    public internal(set) var schema: Int = 1
    /// Each profile's stable id (32 hex digits), by name: history is kept under it, so a rename
    /// touches no history.
    public internal(set) var profileIDs: [String: String] = [:]
    /// Each profile's last outcome and streak, by name.
    public internal(set) var statuses: [String: ProfileStatus] = [:] { didSet { touched.insert(.statuses) } }
    /// Check history by profile id, read on demand.
    var history: CheckHistory
    /// The profiles section as read from the file, if it was.
    var stored: ProfilesSection?
    /// The eagerly read sections changed since they were read (a write encodes only those).
    /// A flag rather than a copy of what was read: a copy would share the dictionaries'
    /// storage, so the first change would copy all of them (1.6 MiB at 1,000 profiles).
    /// The observers above change the dictionaries in place (they do not read `oldValue`).
    var touched: TouchedSections = []

    /// How many past checks are kept per profile.
    public static let historyLimit = 50
    /// The newest payload schema this build reads and writes: 2 added a profile's declared
    /// environment class, 3 OAuth client profiles (and their token facts in outcomes).
    public static let currentSchema = 3

    /// A vault payload. `history` is by profile name, oldest first; statuses are derived from it.
    public init(profiles: [Profile] = [], activeProfile: String? = nil, sessions: [String: StoredSession] = [:],
        history: [String: [ConnectionOutcome]] = [:], settings: Settings = Settings())
    {
        self.profiles = profiles
        self.activeProfile = activeProfile
        self.sessions = sessions
        self.settings = settings
        self.history = CheckHistory()
        assignIDs()
        for (name, outcomes) in history {
            let id = profileIDs[name] ?? Self.newID()
            if profileIDs[name] == nil { profileIDs[name] = id }
            self.history.replace(id, with: outcomes.map(Self.stripped))
            if let status = ProfileStatus(history: outcomes) { statuses[name] = status }
        }
    }

    /// The profile with this name.
    public func profile(named name: String) -> Profile? {
        profiles.first { $0.name == name }
    }

    /// The most recent check of a profile (from its status: no history is read).
    public func lastOutcome(of name: String) -> ConnectionOutcome? {
        statuses[name]?.last
    }

    /// A profile's status: its last outcome and the streak it belongs to.
    public func status(of name: String) -> ProfileStatus? {
        statuses[name]
    }

    /// A profile's stored checks, oldest first. Reads its history chunk from the vault file
    /// the first time.
    ///
    /// - Throws: ``VaultError/corrupted(path:reason:backup:)`` when the chunk is damaged.
    public func history(of name: String) throws -> [ConnectionOutcome] {
        guard let id = profileIDs[name] else { return [] }
        return try history.outcomes(of: id)
    }

    /// Appends a check result, dropping the oldest beyond the limit, and moves the profile's
    /// status on. The profile's stored history is not read: the result is merged into it when
    /// the vault is written.
    public mutating func record(_ outcome: ConnectionOutcome, for name: String) {
        let id = profileIDs[name] ?? Self.newID()
        if profileIDs[name] == nil { profileIDs[name] = id }
        let stored = Self.stripped(outcome)
        history.append(stored, to: id)
        statuses[name] = ProfileStatus(after: statuses[name], next: stored)
    }

    /// Records a login's outcome (a check, a Test, `add --verify`) and keeps the session or
    /// token it brought, last used at `usedAt`.
    public mutating func recordLogin(_ outcome: ConnectionOutcome, for profile: Profile, usedAt: Date) {
        record(outcome, for: profile.name)
        if let stored = StoredSession(from: outcome, fingerprint: profile.sessionFingerprint, lastUsedAt: usedAt) {
            sessions[profile.name] = stored
        }
    }

    /// Removes what is kept under a profile name besides the profile: its id (so its history
    /// chunk is dropped at the next write), status and session.
    mutating func forget(_ name: String) {
        if let id = profileIDs.removeValue(forKey: name) { history.remove(id) }
        statuses[name] = nil
        sessions[name] = nil
    }

    /// Moves the id, status and session of a profile to its new name.
    mutating func carry(from old: String, to new: String) {
        if let id = profileIDs.removeValue(forKey: old) { profileIDs[new] = id }
        if let status = statuses.removeValue(forKey: old) { statuses[new] = status }
        if let session = sessions.removeValue(forKey: old) { sessions[new] = session }
    }

    public static func == (lhs: VaultPayload, rhs: VaultPayload) -> Bool {
        guard lhs.profiles == rhs.profiles, lhs.activeProfile == rhs.activeProfile, lhs.sessions == rhs.sessions,
            lhs.settings == rhs.settings, lhs.schema == rhs.schema, lhs.statuses == rhs.statuses
        else { return false }
        return lhs.profiles.allSatisfy { profile in
            (try? lhs.history(of: profile.name)) == (try? rhs.history(of: profile.name))
        }
    }

    private mutating func assignIDs() {
        for profile in profiles where profileIDs[profile.name] == nil {
            profileIDs[profile.name] = Self.newID()
        }
    }

    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func stripped(_ outcome: ConnectionOutcome) -> ConnectionOutcome {
        var stored = outcome
        stored.session = nil
        return stored
    }

    init(schema: Int, profiles: [Profile], ids: [String: String], activeProfile: String?, settings: Settings,
        sessions: [String: StoredSession], statuses: [String: ProfileStatus], history: CheckHistory)
    {
        self.schema = schema
        self.profiles = profiles
        self.profileIDs = ids
        self.activeProfile = activeProfile
        self.settings = settings
        self.sessions = sessions
        self.statuses = statuses
        self.history = history
        assignIDs()
    }
}

/// A profile's last outcome and the streak of results it belongs to: "failing since 09:12,
/// 4 checks, first 90000011" or "ok since 2 October, 41 checks".
public struct ProfileStatus: Sendable, Equatable {
    /// The most recent check.
    public var last: ConnectionOutcome
    /// When the current streak of ok (or of not ok) results began.
    public var since: Date
    /// How many checks the streak holds (it may be longer than the stored history).
    public var checks: Int
    /// The first reason code of a failing streak.
    public var firstCode: String?

    /// Creates a status.
    public init(last: ConnectionOutcome, since: Date, checks: Int, firstCode: String?) {
        self.last = last
        self.since = since
        self.checks = checks
        self.firstCode = firstCode
    }

    /// The status after one more check.
    init(after previous: ProfileStatus?, next: ConnectionOutcome) {
        if let previous, previous.last.ok == next.ok {
            self.init(last: next, since: previous.since, checks: previous.checks + 1, firstCode: previous.firstCode)
        } else {
            self.init(last: next, since: next.checkedAt, checks: 1, firstCode: next.ok ? nil : next.reasons.first?.code)
        }
    }

    /// The status a stored history shows (for vaults written before statuses were kept).
    init?(history: [ConnectionOutcome]) {
        var status: ProfileStatus?
        for outcome in history { status = ProfileStatus(after: status, next: outcome) }
        guard let status else { return nil }
        self = status
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
    /// When an OAuth token ends (`obtainedAt` + its `expires_in`, at most an hour); nil for a
    /// ZSession, whose end follows the profile's session timeout.
    public var expiresAt: Date?

    /// Creates a stored session.
    public init(value: Secret, obtainedAt: Date, lastUsedAt: Date, fingerprint: String, expiresAt: Date? = nil) {
        self.value = value
        self.obtainedAt = obtainedAt
        self.lastUsedAt = lastUsedAt
        self.fingerprint = fingerprint
        self.expiresAt = expiresAt
    }

    /// The session a successful login brought, nil when it brought none: for an OAuth token,
    /// with its end from `expires_in`.
    public init?(from outcome: ConnectionOutcome, fingerprint: String, lastUsedAt: Date) {
        guard outcome.ok, let session = outcome.session else { return nil }
        self.init(value: session, obtainedAt: outcome.checkedAt, lastUsedAt: lastUsedAt, fingerprint: fingerprint,
            expiresAt: Self.expiry(of: outcome))
    }

    /// When the token an OAuth outcome brought ends: `expires_in` after it was issued, at most
    /// ``SessionPolicy/tokenLifetime``; nil for a password login.
    public static func expiry(of outcome: ConnectionOutcome) -> Date? {
        guard outcome.auth == .oauth else { return nil }
        let seconds = min(max(0, outcome.grant?.expiresIn ?? Int(SessionPolicy.tokenLifetime)), Int(SessionPolicy.tokenLifetime))
        return outcome.checkedAt.addingTimeInterval(TimeInterval(seconds))
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
        "\(baseURL)|\(user)|\(entity.summary)" + (auth == .oauth ? "|oauth" : "")
    }
}
