import Foundation

/// A time for the agent's deadlines, written `30s`, `15m`, `8h` or `1h30m`; a bare number takes
/// a default unit (minutes for `--idle`, hours for `--max`).
public enum AgentDuration {
    /// The defaults (docs/agent.md): idle 15 minutes, maximum 8 hours.
    public static let defaultIdle = "15m"
    public static let defaultMaximum = "8h"
    /// The longest either may be.
    public static let longest = 7 * 24 * 3600.0

    /// Seconds, or nil when `text` is not a duration from 1 s to 7 days.
    public static func seconds(_ text: String, bareUnit: Character = "m") -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty else { return nil }
        if let bare = Double(trimmed) {
            let total = bare * unit(bareUnit)
            return total >= 1 && total <= longest ? total : nil
        }
        var total = 0.0
        var digits = ""
        for character in trimmed {
            if character.isNumber {
                digits.append(character)
            } else {
                guard let value = Double(digits), ["s", "m", "h", "d"].contains(character) else { return nil }
                total += value * unit(character)
                digits = ""
            }
        }
        guard digits.isEmpty, total >= 1, total <= longest else { return nil }
        return total
    }

    private static func unit(_ character: Character) -> Double {
        switch character {
        case "s": 1
        case "h": 3600
        case "d": 86400
        default: 60
        }
    }
}
