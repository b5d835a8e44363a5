import Foundation

/// The sentence for a profile's streak, as `show`, `list --json`, the TUI's history view and
/// its SINCE column say it: "failing since 09:12 — 4 checks, first 90000011", "ok for 41 days
/// — 12 checks".
public enum StreakSummary {
    /// The whole sentence.
    public static func sentence(_ status: ProfileStatus, now: Date, timeZone: TimeZone = .current) -> String {
        let checks = "\(status.checks) check\(status.checks == 1 ? "" : "s")"
        if status.last.ok {
            let days = Int(now.timeIntervalSince(status.since) / 86_400)
            if days >= 1 { return "ok for \(days) day\(days == 1 ? "" : "s") — \(checks)" }
            return "ok since \(when(status.since, now: now, timeZone: timeZone)) — \(checks)"
        }
        return "failing since \(when(status.since, now: now, timeZone: timeZone)) — \(checks)" + (status.firstCode.map { ", first \($0)" } ?? "")
    }

    /// The short form for a table column: "✗ 2h", "✓ 41d" (how long the streak has lasted), "<1m"
    /// under a minute so an idle screen does not change every second.
    public static func short(_ status: ProfileStatus, now: Date) -> String {
        (status.last.ok ? "✓ " : "✗ ") + Age.coarse(now.timeIntervalSince(status.since))
    }

    /// "09:12" within the last day, "3 Nov" within the year, "3 Nov 2025" before.
    static func when(_ date: Date, now: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let month = months[(parts.month ?? 1) - 1]
        if now.timeIntervalSince(date) < 86_400 {
            return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        }
        if calendar.component(.year, from: now) == parts.year { return "\(parts.day ?? 1) \(month)" }
        return "\(parts.day ?? 1) \(month) \(parts.year ?? 0)"
    }
}
