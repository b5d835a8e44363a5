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
        return age >= 0 && age < TimeInterval(profile.sessionTimeoutMinutes * 60) - safetyMargin
    }

    /// Seconds until a session stops being reused (negative once stale).
    public static func secondsLeft(_ session: StoredSession, for profile: Profile, now: Date) -> Int {
        Int(TimeInterval(profile.sessionTimeoutMinutes * 60) - safetyMargin - now.timeIntervalSince(session.obtainedAt))
    }
}
