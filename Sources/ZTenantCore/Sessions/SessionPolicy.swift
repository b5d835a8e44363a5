import Foundation

/// When a stored session may be reused instead of logging in again.
public enum SessionPolicy {
    /// Sessions are not reused in their last two minutes: a script handed a session must have
    /// time to use it before Zuora's timeout ends it.
    public static let safetyMargin: TimeInterval = 120

    /// Whether `session` is still good for `profile` at `now`: issued for the same URL, user
    /// and entity, and younger than the profile's session timeout minus the margin. Age is
    /// counted from when Zuora issued it, because ztenant cannot know whether later calls
    /// extended it.
    public static func isFresh(_ session: StoredSession, for profile: Profile, now: Date) -> Bool {
        guard session.fingerprint == profile.sessionFingerprint else { return false }
        let age = now.timeIntervalSince(session.obtainedAt)
        return age >= 0 && age < usableSeconds(session, for: profile)
    }

    /// Seconds until a session stops being reused (negative once stale).
    public static func secondsLeft(_ session: StoredSession, for profile: Profile, now: Date) -> Int {
        Int(usableSeconds(session, for: profile) - now.timeIntervalSince(session.obtainedAt))
    }

    /// How long after it was issued a stored session is handed out: a token until five
    /// minutes before the end its `expires_in` gave.
    static func usableSeconds(_ session: StoredSession, for profile: Profile) -> TimeInterval {
        if profile.auth == .oauth, let end = session.expiresAt {
            return end.timeIntervalSince(session.obtainedAt) - tokenMargin
        }
        return usableSeconds(for: profile)
    }

    /// An OAuth token lasts an hour (`expires_in` 3599) and is reused until five minutes before
    /// it ends, as Zuora's own sample does.
    public static let tokenLifetime: TimeInterval = 3599
    /// How long before a token's end it is no longer handed out.
    public static let tokenMargin: TimeInterval = 300

    /// How long after it was issued a profile's session (or token) is handed out.
    static func usableSeconds(for profile: Profile) -> TimeInterval {
        switch profile.auth {
        case .password: TimeInterval(profile.sessionTimeoutMinutes * 60) - safetyMargin
        case .oauth: tokenLifetime - tokenMargin
        }
    }
}
