import Foundation

/// Short human durations: `45s`, `12m`, `3h`, `2d`.
public enum Age {
    /// `seconds` as a short duration.
    public static func short(_ seconds: TimeInterval) -> String {
        let value = max(0, Int(seconds))
        switch value {
        case ..<60: return "\(value)s"
        case ..<3600: return "\(value / 60)m"
        case ..<86_400: return "\(value / 3600)h"
        default: return "\(value / 86_400)d"
        }
    }

    /// Like ``short(_:)`` but `<1m` under a minute: for screens that should not redraw every
    /// second while idle (the TUI writes nothing to the terminal when nothing visible changes).
    public static func coarse(_ seconds: TimeInterval) -> String {
        seconds < 60 ? "<1m" : short(seconds)
    }

    /// How long ago `date` was, e.g. `12m ago`.
    public static func ago(_ date: Date, now: Date = Date()) -> String {
        short(now.timeIntervalSince(date)) + " ago"
    }
}
