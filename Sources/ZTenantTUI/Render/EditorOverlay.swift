import ZTenantCore
import ZuoraAPI

/// The add/edit form.
enum EditorOverlay {
    static func draw(_ grid: inout Grid, _ editor: EditorState, state: AppState) {
        let width = min(84, grid.columns - 2)
        let height = min(grid.rows - 2, 26)
        let box = Rect(row: max(0, (grid.rows - height) / 2), column: (grid.columns - width) / 2, rows: height, columns: width)
        Renderer.frame(&grid, box, title: editor.original == nil ? "Add profile" : "Edit \(editor.original!.name)")
        let inner = box.column + 2
        let innerWidth = width - 4
        let problems = editor.visibleProblems(existingNames: state.payload?.profiles.map(\.name) ?? [])
        var row = box.row + 1
        let last = box.row + box.rows - 2
        func put(_ field: EditorState.Field, _ value: String) {
            guard row < last else { return }
            let focused = editor.focus == field
            let marker = problems[field] != nil ? "✗ " : "  "
            grid.write(marker, row: row, column: inner, role: .error)
            Renderer.field(&grid, row: row, column: inner + 2, label: editor.label(field), value: value, focused: focused,
                width: innerWidth - 2, labelWidth: 15)
            row += 1
            if let problem = problems[field], row < last {
                grid.write("  " + problem, row: row, column: inner + 17, role: .error, width: innerWidth - 17)
                row += 1
            }
        }
        put(.name, editor.name)
        let environment = editor.environment.map { ZuoraEnvironment.known[$0].name } ?? "Custom URL"
        put(.environment, "‹ \(environment) ›")
        if editor.environment == nil {
            put(.environmentClass, "‹ \(editor.declaredClass?.rawValue ?? "not declared (CUSTOM)") ›")
        }
        put(.url, editor.url)
        put(.user, editor.user)
        put(.password, editor.revealPassword ? editor.password.reveal() : Renderer.mask(editor.password.count))
        put(.entityKind, "‹ \(editor.entityKind.label) ›")
        if editor.entityKind != .none { put(.entityValue, editor.entityValue) }
        put(.tags, editor.tags)
        put(.notes, editor.notes)
        put(.sessionTimeout, editor.sessionTimeout)
        put(.kind, editor.auth == .oauth ? "‹ OAuth client: client id and secret ›" : "‹ API user and password ›")
        row += 1
        if row < last {
            var column = inner + 17
            for button in [EditorState.Field.test, .save, .cancel] {
                column = grid.write("[ \(button.label) ]", row: row, column: column, role: editor.focus == button ? .selection : .text) + 2
            }
            row += 2
        }
        if editor.testing {
            grid.write("\(Renderer.spinner[state.spinnerFrame % Renderer.spinner.count]) testing the login…", row: min(row, last), column: inner,
                role: .statusWarn, width: innerWidth)
            row += 1
        } else if let outcome = editor.testOutcome {
            for text in Renderer.wrap("\(outcome.status.symbol) \(outcome.status.rawValue): \(outcome.detail)", width: innerWidth).prefix(3)
            where row < last {
                grid.write(text, row: row, column: inner, role: Renderer.role(for: outcome.status), width: innerWidth)
                row += 1
            }
        }
        let hint = editor.confirmingDiscard
            ? "Discard your changes? y discards · any other key returns to the form"
            : "Tab/⇧Tab move · ←→ choose · ^R reveal password · ^T test · ^S save · Esc cancel"
        grid.write(hint, row: box.row + box.rows - 2, column: inner, role: editor.confirmingDiscard ? .error : .muted, width: innerWidth)
    }
}
