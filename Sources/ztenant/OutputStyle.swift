import Foundation
import ZTenantCore
import ZTenantThemes
import ZuoraAPI

#if canImport(Glibc)
import Glibc
#endif

/// How the CLI dresses its output, as gh does: on a terminal, status marks and words in the
/// configured theme's colours and `check` results in aligned columns; off a terminal (a pipe,
/// a file), or with `--no-color`, `NO_COLOR` or `TERM=dumb`, plain text.
struct OutputStyle {
    /// Colours, or nil for plain text.
    let palette: ANSIStyle?
    /// Whether standard output is a terminal (columns line up).
    let terminal: Bool

    /// Plain text: no colour, no columns.
    static let plain = OutputStyle(palette: nil, terminal: false)

    /// The style for standard output under these options and settings.
    static func standardOutput(global: GlobalOptions, settings: ConfigSettings) -> OutputStyle {
        let environment = global.environment
        let terminal = isatty(STDOUT_FILENO) == 1
        guard terminal, global.colorAllowed, environment["TERM"] != "dumb" else { return OutputStyle(palette: nil, terminal: terminal) }
        return OutputStyle(palette: ANSIStyle(theme: global.themeCatalog.load(settings.theme).theme, environment: environment), terminal: true)
    }

    /// `text` in the role's colours, or unchanged.
    func paint(_ text: String, _ role: ThemeRole) -> String {
        palette?.paint(text, role) ?? text
    }
}

/// One `check` result as a line of text.
struct CheckLine {
    /// Widths of the name and status columns when aligned.
    let nameWidth: Int
    let statusWidth: Int
    let style: OutputStyle
    let width: Int

    /// Columns sized for these profiles (names capped at 32 columns).
    init(profiles: [Profile], style: OutputStyle, width: Int) {
        nameWidth = min(32, profiles.map { DisplayWidth.of($0.name) }.max() ?? 8)
        statusWidth = OutcomeStatus.allCases.map(\.rawValue.count).max() ?? 17
        self.style = style
        self.width = max(width, 60)
    }

    /// `✗ acme-eu  auth_failed  HTTP 401  120ms  90000011: this resource is protected…`;
    /// aligned in columns and coloured on a terminal.
    func text(for result: FleetCheckResult) -> String {
        let outcome = result.outcome
        let role = ThemeRole.forStatus(outcome.status)
        let http = outcome.httpStatus.map { "HTTP \($0)" } ?? ""
        let latency = outcome.latencyMs.map { "\($0)ms" } ?? ""
        let tail: String
        if outcome.ok {
            tail = result.profile.host
        } else if let reason = outcome.reasons.first {
            tail = reason.summary
        } else {
            tail = outcome.detail
        }
        guard style.terminal else {
            let parts = ["\(outcome.status.symbol) \(result.profile.name)", outcome.status.rawValue, http, latency, tail]
            return DisplayWidth.truncate(parts.filter { !$0.isEmpty }.joined(separator: "  "), to: width)
        }
        let name = DisplayWidth.pad(DisplayWidth.truncate(result.profile.name, to: nameWidth), to: nameWidth)
        let status = DisplayWidth.pad(outcome.status.rawValue, to: statusWidth)
        let numbers = DisplayWidth.pad(http, to: 8) + "  " + String(repeating: " ", count: max(0, 7 - latency.count)) + latency
        let used = 2 + nameWidth + 2 + statusWidth + 2 + DisplayWidth.of(numbers) + 2
        let rest = DisplayWidth.truncate(tail, to: max(10, width - used))
        return style.paint(outcome.status.symbol, role) + " " + name + "  " + style.paint(status, role) + "  " + numbers + "  "
            + style.paint(rest, outcome.ok ? .muted : .text)
    }
}
