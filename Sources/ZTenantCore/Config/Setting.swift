import Foundation
import ZuoraAPI

/// A non-secret setting kept in `config.toml`: its key, what it means, and how a value is
/// checked. Values are checked the same way on `ztenant config set` and when the file is read.
public enum Setting: String, Sendable, CaseIterable {
    /// The colour theme for the TUI and the CLI's coloured output.
    case theme
    /// Fleet-check logins per host in any sliding window (`90/min`, `5/s`, `unlimited`).
    case rate
    /// Seconds a fleet check waits out a 429's delay before sending a held-back profile.
    case maxWait = "max-wait"
    /// How long the agent keeps a vault unlocked without a command (docs/agent.md).
    case agentIdle = "agent.idle"
    /// How long the agent keeps a vault unlocked at most after `ztenant unlock`.
    case agentMax = "agent.max"
    /// The TUI table's sort: a key, `-` first for the other direction (`s` and `S` set it).
    case tuiSort = "tui.sort"
    /// The TUI table's grouping (`o` sets it).
    case tuiGroup = "tui.group"
    /// Whether the TUI asks before using, copying or opening a shell on a production profile.
    case tuiProductionGuard = "tui.prod-guard"

    /// The key as written in the file and on the command line.
    public var key: String { rawValue }

    /// One line for `ztenant config list` and the docs.
    public var summary: String {
        switch self {
        case .theme: "colour theme for the TUI and coloured CLI output (ztenant themes lists them)"
        case .rate: "fleet-check logins per host: N/min, N/s or unlimited"
        case .maxWait: "seconds a check waits out a 429 delay before giving up on a profile (0–3600)"
        case .agentIdle: "the agent locks a vault no command used for this long: 30s, 15m, 1h (bare number: minutes)"
        case .agentMax: "the agent locks a vault this long after `ztenant unlock` at the latest: 8h, 90m (bare number: hours)"
        case .tuiSort: "the TUI table's sort: name, env, dc, status, checked or latency; a leading - reverses it"
        case .tuiGroup: "the TUI table's grouping: none, dc, env or status"
        case .tuiProductionGuard: "on: the TUI asks before using, copying or opening a shell on a production profile; off: it does not"
        }
    }

    /// The value used when the file does not set one.
    public var defaultValue: String {
        switch self {
        case .theme: "default"
        case .rate: FleetRate.default.description
        case .maxWait: "60"
        case .agentIdle: AgentDuration.defaultIdle
        case .agentMax: AgentDuration.defaultMaximum
        case .tuiSort: "name"
        case .tuiGroup: "none"
        case .tuiProductionGuard: "on"
        }
    }

    /// The unit of a bare number for the agent's times.
    var bareUnit: Character { self == .agentMax ? "h" : "m" }

    /// Whether the value is an integer in the file (else a string).
    var isInteger: Bool { self == .maxWait }

    /// Checks a value; throws a sentence saying what is allowed.
    public func validate(_ text: String) throws(SettingValueError) {
        switch self {
        case .theme:
            let allowed = text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }
            guard !text.isEmpty, text.count <= 64, allowed, !text.hasPrefix(".") else {
                throw SettingValueError(setting: self, value: text, allowed: "a theme name: letters, digits, '-', '_' or '.' (ztenant themes lists them)")
            }
        case .rate:
            do { _ = try FleetRate.parse(text) } catch {
                throw SettingValueError(setting: self, value: text, allowed: "N/min (e.g. 90/min), N/s, or unlimited")
            }
        case .maxWait:
            guard let seconds = Int(text), (0...3600).contains(seconds) else {
                throw SettingValueError(setting: self, value: text, allowed: "whole seconds from 0 to 3600")
            }
        case .agentIdle, .agentMax:
            guard AgentDuration.seconds(text, bareUnit: bareUnit) != nil else {
                throw SettingValueError(setting: self, value: text, allowed: "a time from 1s to 7d such as 30s, 15m, 8h or 1h30m")
            }
        case .tuiSort:
            guard ProfileOrder(parsing: text) != nil else {
                throw SettingValueError(setting: self, value: text,
                    allowed: ProfileOrder.Key.allCases.map(\.rawValue).joined(separator: ", ") + ", with a leading - to reverse")
            }
        case .tuiProductionGuard:
            guard text == "on" || text == "off" else {
                throw SettingValueError(setting: self, value: text, allowed: "on or off")
            }
        case .tuiGroup:
            guard ProfileGrouping(rawValue: text) != nil else {
                throw SettingValueError(setting: self, value: text, allowed: ProfileGrouping.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
    }

    /// The value as it is written to the file, after checking it: `0060` → `60`,
    /// `90/MIN` → `90/min`.
    public func canonical(_ text: String) throws(SettingValueError) -> String {
        try validate(text)
        switch self {
        case .theme, .tuiSort, .tuiGroup, .tuiProductionGuard: return text
        case .rate:
            do { return try FleetRate.parse(text)?.description ?? "unlimited" } catch { return text }
        case .maxWait: return Int(text).map(String.init) ?? text
        case .agentIdle, .agentMax: return text.trimmingCharacters(in: .whitespaces).lowercased()
        }
    }

    /// The setting named `key`, or an error that lists the known keys (and a likely typo).
    public static func named(_ key: String) throws(SettingKeyError) -> Setting {
        if let setting = Setting(rawValue: key) { return setting }
        let normalized = key.lowercased().replacingOccurrences(of: "_", with: "-")
        throw SettingKeyError(key: key, suggestion: Setting(rawValue: normalized))
    }
}

/// A value a setting does not accept.
public struct SettingValueError: Error, Sendable, CustomStringConvertible {
    /// The setting.
    public var setting: Setting
    /// The value given.
    public var value: String
    /// What is allowed.
    public var allowed: String

    public var description: String {
        "'\(TextSanitizer.sanitize(value, limit: 80))' is not a valid \(setting.key): use \(allowed)"
    }
}

/// A key that is not a setting.
public struct SettingKeyError: Error, Sendable, CustomStringConvertible {
    /// The key given.
    public var key: String
    /// The setting it probably meant.
    public var suggestion: Setting?

    public var description: String {
        let known = Setting.allCases.map(\.key).joined(separator: ", ")
        let hint = suggestion.map { " (did you mean \($0.key)?)" } ?? ""
        return "'\(TextSanitizer.sanitize(key, limit: 80))' is not a setting\(hint); the settings are \(known)"
    }
}
