import CredentialVault
import Foundation
import ZuoraAPI

/// A session ready to hand to a shell or script.
public struct ProvidedSession: Sendable {
    /// The profile it belongs to.
    public var profile: Profile
    /// The ZSession token.
    public var session: Secret
    /// When Zuora issued it.
    public var obtainedAt: Date
    /// Whether a cached session was reused (no login call was made).
    public var reused: Bool
    /// The login's outcome when one was made.
    public var outcome: ConnectionOutcome?
    /// When an OAuth token ends; nil for a ZSession.
    public var expiresAt: Date?

    /// A provided session.
    public init(profile: Profile, session: Secret, obtainedAt: Date, reused: Bool, outcome: ConnectionOutcome?, expiresAt: Date? = nil) {
        self.profile = profile
        self.session = session
        self.obtainedAt = obtainedAt
        self.reused = reused
        self.outcome = outcome
        self.expiresAt = expiresAt
    }

    /// When it ends: the token's own end, else the profile's session timeout after it was issued.
    public var expires: Date {
        expiresAt ?? obtainedAt.addingTimeInterval(TimeInterval(profile.sessionTimeoutMinutes * 60))
    }
}

/// Why no session could be provided.
public enum SessionError: Error, Sendable, CustomStringConvertible {
    /// The login failed. `keptSession` says whether an older stored session was left in
    /// place (it is never deleted because of a failed login).
    case loginFailed(ConnectionOutcome, keptSession: Bool)

    public var description: String {
        switch self {
        case .loginFailed(let outcome, let kept):
            let note = kept ? " The previously stored session was kept, but it is probably expired." : ""
            return "login failed: \(outcome.status.rawValue): \(outcome.detail)\(note)"
        }
    }

    /// The outcome of the failed login.
    public var outcome: ConnectionOutcome {
        switch self {
        case .loginFailed(let outcome, _): outcome
        }
    }
}

/// Hands out a valid ZSession for a profile: the cached one while fresh, otherwise a new
/// login whose session is stored.
public struct SessionProvider: Sendable {
    private let vault: Vault<VaultPayload>
    private let client: ConnectionClient

    /// Creates a provider over an open vault and a connection client.
    public init(vault: Vault<VaultPayload>, client: ConnectionClient) {
        self.vault = vault
        self.client = client
    }

    /// A valid session for the profile called `name`.
    ///
    /// - Parameter refresh: log in even if a fresh session is stored.
    public func session(for name: String, refresh: Bool = false, now: Date = Date()) async throws -> ProvidedSession {
        let payload = try vault.reload()
        let profile = try payload.profiles[payload.indexOf(name)]
        // A stored value that is not cookie-safe (kept by a build before that check) is never
        // handed on; a new login replaces it.
        if !refresh, let stored = payload.sessions[name], SessionPolicy.isFresh(stored, for: profile, now: now),
            SessionCookie.isSafe(stored.value.reveal())
        {
            // Reading writes nothing: reusing a session leaves the vault file as it was.
            return ProvidedSession(profile: profile, session: stored.value, obtainedAt: stored.obtainedAt, reused: true, outcome: nil,
                expiresAt: stored.expiresAt)
        }
        let outcome = await client.login(profile)
        // A vault a newer build wrote is never written back: the new session is handed out
        // but not stored (the next command logs in again).
        if payload.writeRefusal != nil {
            guard outcome.ok, let session = outcome.session else {
                throw SessionError.loginFailed(outcome, keptSession: payload.sessions[name] != nil)
            }
            return ProvidedSession(profile: profile, session: session, obtainedAt: outcome.checkedAt, reused: false, outcome: outcome,
                expiresAt: StoredSession.expiry(of: outcome))
        }
        let fingerprint = profile.sessionFingerprint
        let (kept, _) = try vault.update { payload -> Bool in
            payload.record(outcome, for: name)
            if let stored = StoredSession(from: outcome, fingerprint: fingerprint, lastUsedAt: now), payload.profile(named: name) != nil {
                payload.sessions[name] = stored
            }
            return payload.sessions[name] != nil
        }
        guard outcome.ok, let session = outcome.session else {
            throw SessionError.loginFailed(outcome, keptSession: kept)
        }
        return ProvidedSession(profile: profile, session: session, obtainedAt: outcome.checkedAt, reused: false, outcome: outcome,
            expiresAt: StoredSession.expiry(of: outcome))
    }
}
