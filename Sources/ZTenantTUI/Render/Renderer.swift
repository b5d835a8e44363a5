import CredentialVault
import Foundation
import ZTenantCore
import ZTenantThemes
import ZuoraAPI

/// Draws an ``AppState`` into a ``Grid``: a pure function, so every screen can be checked
/// without a terminal.
public enum Renderer {
    static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// The grid for a state at its terminal size.
    public static func render(_ state: AppState) -> Grid {
        var grid = Grid(rows: state.size.rows, columns: state.size.columns)
        guard state.size.rows >= AppState.minimumSize.rows, state.size.columns >= AppState.minimumSize.columns else {
            tooSmall(&grid, state.size)
            return grid
        }
        switch state.phase {
        case .creating, .locked:
            lockScreen(&grid, state)
        case .unlocked:
            mainScreen(&grid, state)
            switch state.overlay {
            case .help, .history, .describe:
                FullScreenView.draw(&grid, state)
                let layout = Layout(size: state.size)
                messageLine(&grid, layout.message, state)
                footer(&grid, layout.footer, state)
            case .confirmProduction(let name, let kind): productionGuard(&grid, name: name, kind: kind)
            case .confirmDelete(let name): confirm(&grid, "Delete profile '\(name)' with its session and history?", hint: "y deletes · any other key keeps it")
            case .editor(let editor): EditorOverlay.draw(&grid, editor, state: state)
            case nil: break
            }
        }
        return grid
    }

    // MARK: Screens

    private static func tooSmall(_ grid: inout Grid, _ size: TerminalSize) {
        let lines = ["Terminal too small: \(size.columns)×\(size.rows).",
            "ztenant needs at least \(AppState.minimumSize.columns)×\(AppState.minimumSize.rows).", "Enlarge the window, or q to quit."]
        for (index, line) in lines.enumerated() {
            let row = size.rows / 2 - 1 + index
            grid.write(line, row: row, column: max(0, (size.columns - DisplayWidth.of(line)) / 2), role: index == 0 ? .error : .text)
        }
    }

    private static func lockScreen(_ grid: inout Grid, _ state: AppState) {
        let creating = state.phase == .creating
        let width = min(72, grid.columns - 4)
        let height = creating ? 15 : 13
        let box = Rect(row: max(0, (grid.rows - height) / 2), column: (grid.columns - width) / 2, rows: height, columns: width)
        frame(&grid, box, title: creating ? "ztenant — create a vault" : "ztenant — unlock")
        var row = box.row + 2
        let inner = box.column + 2
        let innerWidth = width - 4
        grid.write("Vault  \(state.vaultPath)", row: row, column: inner, role: .muted, width: innerWidth)
        row += 2
        let spinner = state.unlocking ? " " + Self.spinner[state.spinnerFrame % Self.spinner.count] : ""
        if creating {
            field(&grid, row: row, column: inner, label: "Passphrase", value: mask(state.passphraseInput.count), focused: !state.repeatFocused, width: innerWidth)
            row += 1
            field(&grid, row: row, column: inner, label: "Repeat", value: mask(state.passphraseRepeat.count), focused: state.repeatFocused, width: innerWidth)
            row += 2
            let strength = PassphraseStrength.describe(state.passphraseInput)
            grid.write(strength, row: row, column: inner, role: state.passphraseInput.count < PassphraseSource.minimumLength ? .statusWarn : .muted, width: innerWidth)
            row += 1
            grid.write("At least \(PassphraseSource.minimumLength) characters; a few random words are strong and easy to type.", row: row, column: inner, role: .muted, width: innerWidth)
        } else {
            field(&grid, row: row, column: inner, label: "Passphrase", value: mask(state.passphraseInput.count) + spinner, focused: true, width: innerWidth)
            row += 1
            if let reason = state.lockReason {
                grid.write(reason, row: row, column: inner, role: .muted, width: innerWidth)
            }
            if let offer = state.agentOffer {
                grid.write("\(state.keepInAgent ? "[x]" : "[ ]") Keep unlocked in the agent for other commands (\(offer))",
                    row: row + 2, column: inner, role: state.keepInAgent ? .text : .muted, width: innerWidth)
            }
        }
        row = box.row + box.rows - 5
        if let error = state.unlockError {
            for (index, text) in wrap("✗ " + error, width: innerWidth).prefix(3).enumerated() {
                grid.write(text, row: row + index, column: inner, role: .error, width: innerWidth)
            }
        }
        let hint = creating ? "Tab switch · Enter create · Esc quit"
            : state.agentOffer == nil ? "Enter unlock · Esc quit" : "Tab keep in agent · Enter unlock · Esc quit"
        grid.write(hint, row: box.row + box.rows - 2, column: inner, role: .footer, width: innerWidth)
        if let banner = state.banner {
            grid.write(banner, row: box.row + box.rows, column: box.column, role: .muted, width: width)
        }
    }

    private static func mainScreen(_ grid: inout Grid, _ state: AppState) {
        let layout = Layout(size: state.size)
        header(&grid, layout.header, state)
        table(&grid, layout, state)
        if let rect = layout.detail {
            DetailPane.draw(&grid, rect, state: state, profile: state.selectedProfile)
        }
        messageLine(&grid, layout.message, state)
        footer(&grid, layout.footer, state)
    }

    private static func header(_ grid: inout Grid, _ rect: Rect, _ state: AppState) {
        grid.fill(rect, role: .header)
        var parts = ["ztenant", (state.vaultPath as NSString).lastPathComponent]
        let count = state.payload?.profiles.count ?? 0
        let visibleCount = state.visibleProfiles.count
        parts.append(state.activeFilter.isEmpty ? "\(count) profile(s)" : "\(visibleCount) of \(count) match '\(state.activeFilter.text)'")
        // Where the selection is, when the table scrolls (in the header, so no column title is covered).
        if state.table.rows.count > Layout(size: state.size).tableBody.rows, visibleCount > 0 {
            parts.append("row \(state.selection + 1)/\(visibleCount)")
        }
        if state.order != ProfileOrder() || state.grouping != .none {
            parts.append("by \(state.order.key.label)\(state.order.reversed ? " (reversed)" : "")"
                + (state.grouping == .none ? "" : ", grouped by \(state.grouping.label)"))
        }
        if state.payload?.writeRefusal != nil { parts.append("READ-ONLY (newer format)") }
        if let fleet = state.fleet, fleet.total > 1 {
            parts.append("\(Self.spinner[state.spinnerFrame % Self.spinner.count]) checking \(fleet.done)/\(fleet.total) · Esc cancels")
        } else if state.isBusy {
            parts.append("\(Self.spinner[state.spinnerFrame % Self.spinner.count]) working")
        }
        if let banner = state.banner { parts.append(banner) }
        let left = state.secondsUntilLock
        // Whole minutes rounded up, so "10m" shows for the first minute and an idle screen
        // changes once a minute, then every second in the last one.
        let lock = left >= 60 ? " locks in \((left + 59) / 60)m " : " locks in \(max(0, left))s "
        let lockWidth = DisplayWidth.of(lock)
        // The left part gives way to the lock countdown: the two never run into each other.
        grid.write(" " + parts.joined(separator: " │ "), row: rect.row, column: 0, role: .header, width: max(0, rect.columns - lockWidth))
        grid.write(lock, row: rect.row, column: rect.columns - lockWidth, role: left < 60 ? .statusWarn : .header)
    }

    private static func table(_ grid: inout Grid, _ layout: Layout, _ state: AppState) {
        let columns = TableColumns(width: layout.tableHeader.columns)
        for entry in columns.placed {
            grid.write(entry.column.title, row: layout.tableHeader.row, column: layout.tableHeader.column + entry.start, role: .title, width: entry.width)
        }
        guard let payload = state.payload else { return }
        let view = state.table
        if view.profiles.isEmpty {
            let text = payload.profiles.isEmpty ? "No profiles yet: press a to add one."
                : "No profile matches '\(state.activeFilter.text)'. Esc clears the filter."
            grid.write(text, row: layout.tableBody.row + 1, column: 2, role: .muted, width: layout.tableBody.columns - 2)
            return
        }
        let rows = layout.tableBody.rows
        let selectedRow = state.selectedRow
        for (offset, row) in view.rows.dropFirst(state.scroll).prefix(rows).enumerated() {
            let line = layout.tableBody.row + offset
            switch row {
            case .group(let title):
                grid.fill(Rect(row: line, column: layout.tableBody.column, rows: 1, columns: layout.tableBody.columns), role: .header)
                grid.write(" " + title, row: line, column: layout.tableBody.column, role: .header, width: layout.tableBody.columns)
            case .profile(let index):
                let profile = view.profiles[index]
                let selected = state.scroll + offset == selectedRow
                if selected { grid.fill(Rect(row: line, column: layout.tableBody.column, rows: 1, columns: layout.tableBody.columns), role: .selection) }
                for entry in columns.placed {
                    let (text, role) = cell(entry.column, profile: profile, payload: payload, state: state, selected: selected)
                    grid.write(text, row: line, column: layout.tableBody.column + entry.start, role: selected ? .selection : role, width: entry.width)
                }
            }
        }

    }

    private static func cell(_ column: TableColumns.Column, profile: Profile, payload: VaultPayload, state: AppState, selected: Bool)
        -> (String, ThemeRole)
    {
        let last = payload.lastOutcome(of: profile.name)
        switch column {
        case .cursor:
            return ((selected ? "›" : " ") + (payload.activeProfile == profile.name ? "*" : " "), .text)
        case .name: return (profile.name, .text)
        case .environment: return (profile.environmentClass.badge, role(for: profile.environmentClass))
        case .host: return (profile.host, .muted)
        case .user: return (profile.user, .text)
        case .entity: return (ProfileSummary.entity(profile), .muted)
        case .last:
            if state.inFlight.contains(profile.name) {
                return ("\(Self.spinner[state.spinnerFrame % Self.spinner.count]) checking…", .statusWarn)
            }
            return (ProfileSummary.lastOutcome(last), role(for: last?.status))
        case .since:
            // How long the profile has been failing (or ok): the streak, to the minute.
            guard let status = payload.status(of: profile.name) else { return ("", .muted) }
            return (StreakSummary.short(status, now: state.now), status.last.ok ? .statusOK : .statusFail)
        case .latency: return (ProfileSummary.latency(last), .muted)
        // Ages are shown to the minute so an idle screen does not change every second.
        case .ago: return (last.map { Age.coarse(state.now.timeIntervalSince($0.checkedAt)) } ?? "", .muted)
        case .session:
            return (ProfileSummary.sessionAge(payload.sessions[profile.name], profile: profile, now: state.now, coarse: true), .muted)
        }
    }

    /// Zuora's name for the host, or whether a custom host's class was declared.
    static func hostDescription(_ profile: Profile) -> String {
        if let known = ZuoraEnvironment.matching(url: profile.baseURL) { return known.name }
        return profile.classIsDeclared ? "declared (not a Zuora host)" : "custom host"
    }

    static func role(for environment: EnvironmentClass) -> ThemeRole {
        switch environment {
        case .production: .envProduction
        case .sandbox: .envSandbox
        case .test: .envTest
        case .custom: .envCustom
        }
    }

    static func role(for status: OutcomeStatus?) -> ThemeRole {
        ThemeRole.forStatus(status)
    }

    private static func messageLine(_ grid: inout Grid, _ rect: Rect, _ state: AppState) {
        if state.filtering {
            var column = grid.write("/", row: rect.row, column: 0, role: .input)
            // The old filter shows selected: typing replaces it, → or End keeps it to edit.
            column = grid.write(state.filter, row: rect.row, column: column, role: state.filterSelected ? .selection : .input,
                width: max(0, rect.columns - column - 1))
            column = grid.write("█", row: rect.row, column: column, role: .input)
            if let problem = state.filterError {
                grid.write("  ✗ " + problem, row: rect.row, column: column, role: .error, width: max(0, rect.columns - column))
            }
            return
        }
        guard let message = state.message else { return }
        let role: ThemeRole = switch message.kind {
        case .info: .text
        case .success: .statusOK
        case .error: .error
        }
        grid.write(message.text, row: rect.row, column: 0, role: role, width: rect.columns)
    }

    /// The footer: the keys of the current mode, from the key map. `? help` and `q quit` (or
    /// the mode's way back) stay at any width; the others give way from the right.
    private static func footer(_ grid: inout Grid, _ rect: Rect, _ state: AppState) {
        grid.fill(rect, role: .footer)
        let scope: KeyScope
        switch state.overlay {
        case .help, .history, .describe: scope = .view
        case .editor: scope = .editor
        default: scope = state.filtering ? .filter : .table
        }
        var entries = state.keyMap.footer(scope)
        let kept: Set<String> = ["help", "quit", "back", "cancel", "keep", "clear"]
        if scope == .table, let up = state.keyMap.keys[.up]?.first, let down = state.keyMap.keys[.down]?.first {
            entries.insert((KeyName.shown(up) + KeyName.shown(down), "move"), at: 0)
        }
        func width(_ entry: (key: String, label: String)) -> Int { DisplayWidth.of(entry.key) + 1 + DisplayWidth.of(entry.label) + 2 }
        while entries.map(width).reduce(1, +) > rect.columns, let drop = entries.lastIndex(where: { !kept.contains($0.label) }) {
            entries.remove(at: drop)
        }
        var column = 1
        for entry in entries {
            guard column + width(entry) <= rect.columns + 2 else { break }
            column = grid.write(entry.key, row: rect.row, column: column, role: .key)
            column = grid.write(" " + entry.label + "  ", row: rect.row, column: column, role: .footer)
        }
    }

    // MARK: Pieces

    static func frame(_ grid: inout Grid, _ rect: Rect, title: String) {
        grid.fill(rect, role: .text)
        let horizontal = String(repeating: "─", count: max(0, rect.columns - 2))
        grid.write("┌" + horizontal + "┐", row: rect.row, column: rect.column, role: .border)
        for row in (rect.row + 1)..<(rect.row + rect.rows - 1) {
            grid.write("│", row: row, column: rect.column, role: .border)
            grid.write("│", row: row, column: rect.column + rect.columns - 1, role: .border)
        }
        grid.write("└" + horizontal + "┘", row: rect.row + rect.rows - 1, column: rect.column, role: .border)
        grid.write(" " + title + " ", row: rect.row, column: rect.column + 2, role: .title, width: rect.columns - 4)
    }

    static func field(_ grid: inout Grid, row: Int, column: Int, label: String, value: String, focused: Bool, width: Int,
        labelWidth: Int = 12)
    {
        grid.write(DisplayWidth.pad(label, to: labelWidth), row: row, column: column, role: focused ? .title : .text)
        let start = column + labelWidth + 1
        let fieldWidth = max(4, width - labelWidth - 1)
        grid.fill(Rect(row: row, column: start, rows: 1, columns: fieldWidth), role: focused ? .inputFocused : .input)
        let shown = focused ? value + "█" : value
        // Keep the end of a long value (where typing happens) in view.
        let tail = DisplayWidth.of(shown) > fieldWidth ? "…" + String(shown.suffix(fieldWidth - 1)) : shown
        grid.write(tail, row: row, column: start, role: focused ? .inputFocused : .input, width: fieldWidth)
    }

    static func mask(_ count: Int) -> String {
        String(repeating: "•", count: count)
    }

    /// The production guard's question, with the PROD badge in its colour.
    static func productionGuard(_ grid: inout Grid, name: String, kind: ProfileHandOver) {
        let question = "\(kind.verb) \(name)?"
        let width = min(grid.columns - 4, max(64, DisplayWidth.of(question) + 14))
        let box = Rect(row: grid.rows / 2 - 3, column: (grid.columns - width) / 2, rows: 7, columns: width)
        frame(&grid, box, title: "Production tenant")
        let column = grid.write(" PROD ", row: box.row + 2, column: box.column + 3, role: .envProduction)
        grid.write("  " + question, row: box.row + 2, column: column, role: .text, width: box.column + width - 3 - column)
        grid.write("This is a production tenant: real money.", row: box.row + 3, column: box.column + 3, role: .muted, width: width - 6)
        grid.write("y goes ahead (asked once per unlock) · any other key cancels", row: box.row + 4,
            column: box.column + 3, role: .muted, width: width - 6)
    }

    static func confirm(_ grid: inout Grid, _ question: String, hint: String) {
        let width = min(grid.columns - 4, max(40, DisplayWidth.of(question) + 6))
        let box = Rect(row: grid.rows / 2 - 3, column: (grid.columns - width) / 2, rows: 6, columns: width)
        frame(&grid, box, title: "Confirm")
        grid.write(question, row: box.row + 2, column: box.column + 3, role: .text, width: width - 6)
        grid.write(hint, row: box.row + 3, column: box.column + 3, role: .muted, width: width - 6)
    }

    /// Splits text into lines of at most `width` columns at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 4 else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if DisplayWidth.of(candidate) <= width {
                current = candidate
            } else {
                if !current.isEmpty { lines.append(current) }
                current = DisplayWidth.of(String(word)) > width ? DisplayWidth.truncate(String(word), to: width) : String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

/// A rough passphrase strength hint from length and character variety.
enum PassphraseStrength {
    static func describe(_ text: SecretText) -> String {
        let classes = [text.contains { $0.properties.isLowercase }, text.contains { $0.properties.isUppercase },
            text.contains { $0.properties.numericType != nil },
            text.contains { !$0.properties.isAlphabetic && $0.properties.numericType == nil }].filter { $0 }.count
        let score = text.count + classes * 3
        let word = text.count < PassphraseSource.minimumLength ? "too short" : score < 16 ? "weak" : score < 24 ? "fair" : score < 32 ? "good" : "strong"
        return "Strength: \(word) (\(text.count) characters)"
    }
}
