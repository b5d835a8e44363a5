import Foundation
import ZuoraAPI

/// The short texts that describe a profile in tables: last outcome, ages, entity.
public enum ProfileSummary {
    /// `✓ ok`, `✗ auth_failed 90000011`, or `· never` when it was never checked.
    public static func lastOutcome(_ outcome: ConnectionOutcome?) -> String {
        guard let outcome else { return "· never" }
        var text = "\(outcome.status.symbol) \(outcome.status.rawValue)"
        if let code = outcome.reasons.first?.code { text += " \(code)" } else if let http = outcome.httpStatus, !outcome.ok { text += " \(http)" }
        return text
    }

    /// `12m ago`, or empty when never checked.
    public static func checkedAgo(_ outcome: ConnectionOutcome?, now: Date) -> String {
        outcome.map { Age.ago($0.checkedAt, now: now) } ?? ""
    }

    /// `230ms`, or empty.
    public static func latency(_ outcome: ConnectionOutcome?) -> String {
        outcome?.latencyMs.map { "\($0)ms" } ?? ""
    }

    /// `4m` for a fresh session, `20m (stale)` for an old one, `-` for none.
    public static func sessionAge(_ session: StoredSession?, profile: Profile, now: Date, coarse: Bool = false) -> String {
        guard let session else { return "-" }
        let seconds = now.timeIntervalSince(session.obtainedAt)
        let age = coarse ? Age.coarse(seconds) : Age.short(seconds)
        return SessionPolicy.isFresh(session, for: profile, now: now) ? age : "\(age) (stale)"
    }

    /// `-`, `id 8a80…`, `name Europe`.
    public static func entity(_ profile: Profile) -> String {
        switch profile.entity {
        case .none: "-"
        case .id(let id): "id " + (id.count > 12 ? String(id.prefix(8)) + "…" : id)
        case .name(let name): name
        }
    }

    /// The `list` table for a payload.
    public static func table(_ payload: VaultPayload, now: Date = Date(), width: Int = 80) -> [String] {
        let rows = payload.profiles.map { profile -> [String] in
            let last = payload.lastOutcome(of: profile.name)
            return [
                payload.activeProfile == profile.name ? "*" : " ",
                profile.name, profile.environmentClass.badge, profile.auth.rawValue, profile.host, profile.user, entity(profile),
                lastOutcome(last), last.map { Age.short(now.timeIntervalSince($0.checkedAt)) } ?? "",
                sessionAge(payload.sessions[profile.name], profile: profile, now: now),
            ]
        }
        // At 80 columns the auth kind, the entity, then the check's age, then the host give way
        // before the last check is cut. USER holds an OAuth profile's client id.
        return TextTable(columns: [
            .init("", minimum: 1), .init("NAME", minimum: 13), .init("ENV", minimum: 7), .init("AUTH", minimum: 5, priority: 5),
            .init("HOST", minimum: 10, priority: 30), .init("USER", minimum: 7), .init("ENTITY", minimum: 6, priority: 10), .init("LAST CHECK", minimum: 22),
            .init("AGO", minimum: 4, priority: 20), .init("SESSION", minimum: 7),
        ], rows: rows).render(width: width)
    }
}
