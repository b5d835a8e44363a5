import Foundation
import ZTenantCore
import ZTenantThemes
import ZuoraAPI

/// A line of a full-screen view, with its colour role.
struct ViewLine: Equatable {
    var text: String
    var role: ThemeRole
    /// Continuation lines of a wrapped value are indented to this column.
    var indent: Int = 0
}

/// The full-screen views over the table: help, a profile's history, and its description.
/// Each is a list of lines wrapped to the width (never cut), scrolled by
/// ``AppState/viewScroll``, with a title bar and the view's keys in the footer; so each works
/// at 80×24, where the side and bottom panes do not fit.
enum FullScreenView {
    /// The title and lines of the open view, wrapped to `width`; nil when no view is open.
    static func content(_ state: AppState, width: Int) -> (title: String, lines: [ViewLine])? {
        let raw: (String, [ViewLine])
        switch state.overlay {
        case .help: raw = ("Keys", helpLines(state.keyMap))
        case .history(let name, let outcomes): raw = ("History — \(name)", historyLines(name, outcomes, state: state))
        case .describe(let name): raw = ("Describe — \(name)", describeLines(name, state: state))
        default: return nil
        }
        return (raw.0, raw.1.flatMap { wrapped($0, width: width) })
    }

    /// The body's rows at a terminal size: all but the title, message and footer lines.
    static func bodyRows(_ size: TerminalSize) -> Int { max(1, size.rows - 3) }

    /// The largest scroll that still fills the body.
    static func maximumScroll(_ state: AppState) -> Int {
        guard let content = content(state, width: state.size.columns - 2) else { return 0 }
        return max(0, content.lines.count - bodyRows(state.size))
    }

    static func draw(_ grid: inout Grid, _ state: AppState) {
        guard let content = content(state, width: grid.columns - 2) else { return }
        let full = Rect(row: 0, column: 0, rows: grid.rows, columns: grid.columns)
        grid.fill(full, role: .text)
        grid.fill(Rect(row: 0, column: 0, rows: 1, columns: grid.columns), role: .header)
        let rows = bodyRows(state.size)
        let scroll = min(state.viewScroll, max(0, content.lines.count - rows))
        let position = content.lines.count > rows ? " \(scroll + 1)–\(min(content.lines.count, scroll + rows)) of \(content.lines.count) lines " : ""
        grid.write(" " + content.title, row: 0, column: 0, role: .header, width: grid.columns - DisplayWidth.of(position))
        grid.write(position, row: 0, column: grid.columns - DisplayWidth.of(position), role: .header)
        for (offset, line) in content.lines.dropFirst(scroll).prefix(rows).enumerated() {
            grid.write(line.text, row: 1 + offset, column: 1 + line.indent, role: line.role, width: grid.columns - 2 - line.indent)
        }
    }

    /// Splits a line at spaces to fit. A "label  value" line keeps its label and wraps the
    /// value under itself.
    private static func wrapped(_ line: ViewLine, width: Int) -> [ViewLine] {
        let room = width - line.indent
        guard DisplayWidth.of(line.text) > room, room > 20 else { return [line] }
        let (label, value) = splitLabel(line.text)
        let hanging = min(DisplayWidth.of(label), room / 2)
        let pieces = Renderer.wrap(value, width: room - hanging)
        guard let first = pieces.first else { return [line] }
        return [ViewLine(text: label + first, role: line.role, indent: line.indent)]
            + pieces.dropFirst().map { ViewLine(text: $0, role: line.role, indent: line.indent + hanging) }
    }

    /// A line's label (up to and including the run of spaces after its first double space)
    /// and its value; no label when it has no double space.
    private static func splitLabel(_ text: String) -> (String, String) {
        guard let range = text.range(of: "  ") else { return ("", text) }
        var index = range.upperBound
        while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
        return (String(text[..<index]), String(text[index...]))
    }

    // MARK: Help

    private static func helpLines(_ map: KeyMap) -> [ViewLine] {
        map.helpLines().map { entry in
            entry.heading ? ViewLine(text: entry.keys, role: .title)
                : entry.keys.isEmpty ? ViewLine(text: "", role: .text)
                : ViewLine(text: DisplayWidth.pad(entry.keys, to: 18) + "  " + entry.help, role: .text)
        } + [ViewLine(text: "", role: .text), ViewLine(text: "Rebind any of these in keys.toml in ztenant's config folder (docs/tui.md, Keys).", role: .muted)]
    }

    // MARK: History

    private static func historyLines(_ name: String, _ outcomes: [ConnectionOutcome], state: AppState) -> [ViewLine] {
        guard let payload = state.payload else { return [] }
        var lines: [ViewLine] = []
        if let status = payload.status(of: name) {
            lines.append(ViewLine(text: StreakSummary.sentence(status, now: state.now), role: status.last.ok ? .statusOK : .statusFail))
        } else {
            lines.append(ViewLine(text: "Never checked: press c on the table.", role: .muted))
        }
        guard !outcomes.isEmpty else { return lines }
        lines.append(ViewLine(text: "", role: .text))
        lines.append(ViewLine(text: "\(outcomes.count) stored check(s), newest first (at most \(VaultPayload.historyLimit) are kept):", role: .muted))
        lines.append(ViewLine(text: "WHEN (UTC)        STATUS            HTTP  CODE        LATENCY", role: .title))
        for outcome in outcomes.reversed() {
            let when = String(ISO8601.string(outcome.checkedAt).prefix(16)).replacingOccurrences(of: "T", with: " ")
            let status = "\(outcome.status.symbol) \(outcome.status.rawValue)"
            let http = outcome.httpStatus.map(String.init) ?? "-"
            let code = outcome.reasons.first?.code ?? "-"
            let latency = ProfileSummary.latency(outcome)
            lines.append(ViewLine(text: DisplayWidth.pad(when, to: 17) + " " + DisplayWidth.pad(status, to: 17) + " "
                + DisplayWidth.pad(http, to: 5) + " " + DisplayWidth.pad(code, to: 11) + " " + latency,
                role: Renderer.role(for: outcome.status)))
        }
        return lines
    }

    // MARK: Describe

    private static func describeLines(_ name: String, state: AppState) -> [ViewLine] {
        guard let payload = state.payload, let profile = payload.profile(named: name) else {
            return [ViewLine(text: "\(name) is no longer in the vault.", role: .error)]
        }
        func pair(_ label: String, _ value: String, _ role: ThemeRole = .text) -> ViewLine {
            ViewLine(text: DisplayWidth.pad(label, to: 16) + "  " + value, role: role)
        }
        let session = payload.sessions[profile.name]
        var lines = [
            pair("name", profile.name),
            pair("environment", "\(profile.environmentClass.badge)  \(Renderer.hostDescription(profile))",
                Renderer.role(for: profile.environmentClass)),
            pair("data centre", DataCentre.of(url: profile.baseURL).label),
            pair("url", profile.baseURL),
            pair("auth", profile.auth == .oauth ? "OAuth client (POST /oauth/token)" : "API user and password (POST /v1/connections)"),
            pair(profile.auth == .oauth ? "client id" : "user", profile.user),
            pair(profile.auth == .oauth ? "client secret" : "password", "•••••••• (hidden)", .muted),
            pair("entity", profile.entity.summary),
            pair("tags", profile.tags.isEmpty ? "-" : profile.tags.joined(separator: ", ")),
            profile.auth == .oauth ? pair("token lifetime", "1 h (reused until 5 min before it ends)")
                : pair("session timeout", "\(profile.sessionTimeoutMinutes) min"),
            pair("session", session.map {
                "obtained \(Age.ago($0.obtainedAt, now: state.now)), " + (SessionPolicy.isFresh($0, for: profile, now: state.now) ? "fresh" : "stale")
            } ?? "none"),
            pair("active", payload.activeProfile == profile.name ? "* yes" : "no"),
        ]
        if !profile.notes.isEmpty { lines.append(pair("notes", profile.notes)) }
        lines.append(ViewLine(text: "", role: .text))
        guard let last = payload.lastOutcome(of: profile.name) else {
            lines.append(ViewLine(text: "Never checked: press c on the table.", role: .muted))
            return lines
        }
        if let status = payload.status(of: profile.name) {
            lines.append(pair("streak", StreakSummary.sentence(status, now: state.now), status.last.ok ? .statusOK : .statusFail))
        }
        lines.append(pair("last check", "\(last.status.symbol) \(last.status.rawValue), \(Age.ago(last.checkedAt, now: state.now)) (\(ISO8601.string(last.checkedAt)))",
            Renderer.role(for: last.status)))
        lines.append(pair("url called", last.url))
        if let http = last.httpStatus { lines.append(pair("HTTP", "\(http)")) }
        if let grant = last.grant {
            lines.append(pair("tenant id", grant.tenantId ?? "not in the token's scope"))
            if let user = grant.userId { lines.append(pair("client's user id", user)) }
            lines.append(pair("entity ids", grant.entityIds.isEmpty ? "none in the scope" : grant.entityIds.joined(separator: ", ")))
            if let expires = grant.expiresIn { lines.append(pair("token valid for", "\(expires) s")) }
        }
        if let latency = last.latencyMs { lines.append(pair("latency", "\(latency) ms")) }
        for reason in last.reasons {
            lines.append(pair("reason", "\(reason.code ?? "—")  \(reason.message)", .statusFail))
        }
        if let cause = last.cause { lines.append(pair("cause", cause.rawValue)) }
        lines.append(pair("detail", last.detail))
        if let process = last.processId { lines.append(pair("processId", process)) }
        if let request = last.requestId { lines.append(pair("request id", request)) }
        if let track = last.trackId { lines.append(pair("track id", track)) }
        if let location = last.redirectLocation { lines.append(pair("redirect to", location)) }
        if let retry = last.retryAfterSeconds, last.status == .rateLimited { lines.append(pair("retry after", "\(retry) s", .statusWarn)) }
        return lines
    }
}
