import CredentialVault
import Foundation
import ZTenantCore
import ZTenantThemes
import ZuoraAPI

/// The Elm-style heart of the TUI: the next state and the effects to run, from the current
/// state and one event. Pure: no I/O, no clock, no terminal.
public enum Update {
    /// Applies one event.
    public static func update(_ state: AppState, _ event: Event) -> (AppState, [Effect]) {
        var state = state
        let effects = update(&state, event)
        return (state, effects)
    }

    /// Applies one event in place. The running app uses this form: with the only reference to
    /// the state, recording a check result changes the vault payload without copying it.
    public static func update(_ state: inout AppState, _ event: Event) -> [Effect] {
        var effects: [Effect] = []
        switch event {
        case .key(let key):
            state.lastActivity = state.now
            effects = handleKey(key, &state)
        case .resize(let size):
            state.size = size
            clampSelection(&state)
        case .tick(let now):
            state.now = now
            if state.isBusy { state.spinnerFrame += 1 }
            if state.phase == .unlocked && state.secondsUntilLock <= 0 {
                effects = lock(&state, reason: "Locked after \(state.autoLockSeconds / 60) minute(s) without a key press.")
            } else if state.phase == .unlocked, state.fleet == nil, now.timeIntervalSince(state.lastVaultWatch) >= AppState.vaultWatchSeconds {
                // Another process may have written the vault: one stat(2) every few seconds.
                // Not during a check, whose results are only in memory until it ends.
                state.lastVaultWatch = now
                effects = [.watchVault]
            }
        case .unlocked(let payload):
            // The passphrase form (and anything left in it) goes with the locked stage.
            state.open(payload)
            state.lastActivity = state.now
            if !state.themeChosen, let theme = payload.settings.theme, state.themeNames.contains(theme) { state.themeName = theme }
            state.message = payload.writeRefusal.map { .init(text: "Read-only: this vault \($0). Change it with the newer ztenant.", kind: .error) }
                ?? state.keyProblem.map { .init(text: $0, kind: .error) }
                ?? .init(text: "Unlocked \(payload.profiles.count) profile(s). Press ? for help.", kind: .info)
            state.keyProblem = nil
            clampSelection(&state)
            if state.keepInAgent {
                // Asked once, for this unlock: a later lock and unlock asks again.
                state.keepInAgent = false
                effects = [.keepInAgent]
            }
        case .unlockFailed(let message, _):
            state.unlocking = false
            state.unlockError = message
        case .payloadChanged(let payload, let message):
            guard state.phase == .unlocked else { break }
            state.payload = payload
            if let message { state.message = .init(text: message, kind: .success) }
            clampSelection(&state)
        case .keyNoLongerFits(let reason):
            effects = lock(&state, reason: reason)
        case .saveFailed(let message):
            state.message = .init(text: message, kind: .error)
        case .settingSaved(let message):
            state.message = .init(text: message, kind: .success)
        case .notice(let message):
            state.message = .init(text: message, kind: .info)
        case .checkResult(let result):
            guard state.phase == .unlocked else { break }
            state.inFlight.remove(result.profile.name)
            state.fleet?.done += 1
            if !result.outcome.ok { state.fleet?.failing += 1 }
            state.payload?.recordLogin(result.outcome, for: result.profile, usedAt: result.outcome.checkedAt)
            if state.fleet?.total == 1 {
                let outcome = result.outcome
                state.message = .init(text: "\(result.profile.name): \(outcome.status.symbol) \(outcome.status.rawValue) — \(outcome.detail)",
                    kind: outcome.ok ? .success : .error)
            }
        case .checksFinished(let cancelled):
            state.inFlight.removeAll()
            if let fleet = state.fleet, fleet.total > 1 || cancelled {
                // The counts are this check's own, not the whole vault's.
                state.message = .init(
                    text: cancelled ? "Check cancelled after \(fleet.done) of \(fleet.total)."
                        : "Checked \(fleet.total): " + (fleet.failing == 0 ? "all ok." : "\(fleet.failing) failing."),
                    kind: fleet.failing > 0 || cancelled ? .error : .success)
            }
            state.fleet = nil
            if !cancelled, !state.queued.isEmpty {
                let names = state.queued
                state.queued = []
                return startCheck(names, &state)
            }
            state.queued = []
        case .used(let name, let outcome, let reused):
            state.inFlight.remove(name)
            state.payload?.activeProfile = name
            if let outcome, !outcome.ok {
                state.payload?.record(outcome, for: name)
                state.message = .init(text: "Using \(name), but login failed: \(outcome.status.rawValue) — \(outcome.detail)", kind: .error)
            } else {
                state.message = .init(text: "Using \(name)" + (reused ? " (session reused)." : " (logged in)."), kind: .success)
            }
        case .sessionReady(let provided, let kind):
            let name = provided.profile.name
            // Only for a hand-over still wanted: a lock since it was asked for dropped it.
            guard state.phase == .unlocked, state.inFlight.contains(name) else { break }
            state.inFlight.remove(name)
            let left = max(0, Int(provided.expires.timeIntervalSince(state.now) / 60))
            let how = provided.reused ? "stored session" : "new session"
            switch kind {
            case .copy:
                state.message = .init(text: "Copied \(name)'s \(how) to the clipboard (OSC 52); good for about \(left) min.", kind: .success)
                return [.terminal(.clipboard(provided.session))]
            case .shell:
                state.message = .init(text: "In a shell for \(name) (\(how), good for about \(left) min); exit it to come back.", kind: .info)
                // Variables that hold the session or token travel as Secrets (masked when printed);
                // the others as text.
                var variables: [String: String] = [:]
                var secrets: [String: Secret] = [:]
                for (key, value) in SessionVariables.shell(provided) {
                    if SessionVariables.secretVariables.contains(key) { secrets[key] = Secret(value) } else { variables[key] = value }
                }
                return [.terminal(.shell(profile: name, secrets: secrets, variables: variables))]
            case .use:
                break
            }
        case .handOverFailed(let name, let outcome, let reason):
            guard state.phase == .unlocked, state.inFlight.contains(name) else { break }
            state.inFlight.remove(name)
            if let outcome { state.payload?.record(outcome, for: name) }
            state.message = .init(text: "No session for \(name): \(reason)", kind: .error)
        case .shellEnded(let profile, let status):
            state.message = status < 0
                ? .init(text: "The shell for \(profile) did not start: check $SHELL.", kind: .error)
                : .init(text: "Back from the shell for \(profile)" + (status == 0 ? "." : " (it exited \(status))."), kind: .info)
        case .tested(let outcome):
            if case .editor(var editor) = state.overlay {
                editor.testing = false
                editor.testOutcome = outcome
                state.overlay = .editor(editor)
            }
        case .terminate:
            state.quitting = true
            effects = [.quit]
        }
        return effects
    }

    // MARK: Keys

    private static func handleKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        if key == .control("c") {
            state.quitting = true
            return [.quit]
        }
        switch state.phase {
        case .creating: return createKey(key, &state)
        case .locked: return unlockKey(key, &state)
        case .unlocked: break
        }
        switch state.overlay {
        case .help, .history, .describe:
            return viewKey(key, &state)
        case .confirmProduction(let name, let kind):
            // Keys typed before the question was on screen (a repeated y, a fast ⏎⏎) do not
            // answer it.
            guard state.framesShown > state.guardShownFrom else { return [] }
            state.overlay = nil
            guard key == .character("y") || key == .character("Y") else {
                state.message = .init(text: "Not done: \(name) was left alone.", kind: .info)
                return []
            }
            state.confirmedProduction.insert(name)
            return handOver(name, kind, &state)
        case .confirmDelete(let name):
            state.overlay = nil
            if key == .character("y") || key == .character("Y") {
                return [.save(.remove(name))]
            }
            state.message = .init(text: "Not deleted.", kind: .info)
            return []
        case .editor(var editor):
            let effects = editorKey(key, &editor, &state)
            if case .editor = state.overlay { state.overlay = .editor(editor) }
            return effects
        case nil:
            break
        }
        if state.filtering { return filterKey(key, &state) }
        return tableKey(key, &state)
    }

    /// Actions that would change the vault.
    private static let writingActions: Set<KeyAction> = [.add, .edit, .delete, .use, .check, .checkAll]

    private static func tableKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard let action = state.keyMap.action(for: key, in: .table) else { return [] }
        // A vault a newer build wrote is shown but never changed: say so instead of opening a
        // form whose save could only fail.
        if let reason = state.payload?.writeRefusal, writingActions.contains(action) {
            state.message = .init(text: "Read-only: this vault \(reason). Change it with the newer ztenant.", kind: .error)
            return []
        }
        let count = state.visibleProfiles.count
        let page = max(1, tableRows(state) - 1)
        switch action {
        case .up: state.selection = max(0, state.selection - 1)
        case .down: state.selection = min(max(0, count - 1), state.selection + 1)
        case .pageUp: state.selection = max(0, state.selection - page)
        case .pageDown: state.selection = min(max(0, count - 1), state.selection + page)
        case .top: state.selection = 0
        case .bottom: state.selection = max(0, count - 1)
        case .quit:
            state.quitting = true
            return [.quit]
        case .help:
            state.overlay = .help
            state.viewScroll = 0
        case .filter:
            state.filtering = true
            state.filterSelected = !state.filter.isEmpty
        case .cancel:
            if state.fleet != nil {
                return [.cancelChecks]
            }
            if !state.filter.isEmpty {
                state.filter = ""
                state.selection = 0
            }
        case .add:
            state.overlay = .editor(.new())
        case .edit:
            if let profile = state.selectedProfile { state.overlay = .editor(.editing(profile)) }
        case .delete:
            if let profile = state.selectedProfile { state.overlay = .confirmDelete(profile.name) }
        case .use, .copy, .shell:
            guard let profile = state.selectedProfile else { break }
            let kind: ProfileHandOver = action == .use ? .use : action == .copy ? .copy : .shell
            // The production guard: once per profile per unlock.
            if state.productionGuard, profile.environmentClass == .production, !state.confirmedProduction.contains(profile.name) {
                state.overlay = .confirmProduction(profile.name, kind)
                state.guardShownFrom = state.framesShown
                return []
            }
            return handOver(profile.name, kind, &state)
        case .check:
            guard let profile = state.selectedProfile else { break }
            if state.inFlight.contains(profile.name) || state.queued.contains(profile.name) {
                state.message = .init(text: "\(profile.name) is already being checked.", kind: .info)
            } else if state.fleet != nil {
                // Never ignore a key: a check asked for during another is queued, and says so.
                state.queued.append(profile.name)
                state.message = .init(text: "Queued \(profile.name): checked when the running check ends (\(state.queued.count) queued).", kind: .info)
            } else {
                return startCheck([profile.name], &state)
            }
        case .checkAll:
            if let fleet = state.fleet {
                state.message = .init(text: "A check is running (\(fleet.done)/\(fleet.total)): wait for it, or Esc cancels it.", kind: .info)
                break
            }
            let names = state.visibleProfiles.map(\.name)
            guard !names.isEmpty else { break }
            return startCheck(names, &state)
        case .sort:
            state.order = state.order.next
            return keepView(&state)
        case .reverseSort:
            state.order.reversed.toggle()
            return keepView(&state)
        case .group:
            state.grouping = state.grouping.next
            return keepView(&state)
        case .history:
            openHistory(&state)
        case .describe:
            if let profile = state.selectedProfile {
                state.overlay = .describe(profile.name)
                state.viewScroll = 0
            }
        case .theme:
            guard !state.themeNames.isEmpty else { break }
            // A theme named in config.toml but not installed cycles from the first one.
            let index = state.themeNames.firstIndex(of: state.themeName) ?? -1
            state.themeName = state.themeNames[(index + 1) % state.themeNames.count]
            state.themeChosen = true
            return [.setTheme(state.themeName)]
        case .lock:
            return lock(&state, reason: "Locked by you (L).")
        case .reload:
            state.message = .init(text: "Reloading…", kind: .info)
            return [.reload]
        default:
            break
        }
        clampSelection(&state)
        return []
    }

    /// Opens the selected profile's history, reading its chunk of the vault.
    private static func openHistory(_ state: inout AppState) {
        guard let profile = state.selectedProfile, let payload = state.payload else { return }
        do {
            state.overlay = .history(profile.name, try payload.history(of: profile.name))
            state.viewScroll = 0
        } catch {
            state.message = .init(text: "History of \(profile.name) not read: \(error)", kind: .error)
        }
    }

    /// Keys on a full-screen view (help, history, describe): scroll, or go back.
    private static func viewKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        let page = max(1, state.size.rows - 4)
        switch state.keyMap.action(for: key, in: .view) {
        case .scrollUp: state.viewScroll = max(0, state.viewScroll - 1)
        case .scrollDown: state.viewScroll = min(FullScreenView.maximumScroll(state), state.viewScroll + 1)
        case .scrollPageUp: state.viewScroll = max(0, state.viewScroll - page)
        case .scrollPageDown: state.viewScroll = min(FullScreenView.maximumScroll(state), state.viewScroll + page)
        case .back: state.overlay = nil
        default:
            // The table's key for the view that is open closes it too (? on help, h on history).
            switch (state.overlay, state.keyMap.action(for: key, in: .table)) {
            case (.help, .help), (.history, .history), (.describe, .describe): state.overlay = nil
            case (.history, .describe):
                if case .history(let name, _) = state.overlay { state.overlay = .describe(name) }
                state.viewScroll = 0
            case (.describe, .history):
                state.overlay = nil
                openHistory(&state)
            default: break
            }
        }
        return []
    }

    private static func filterKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        let selected = state.filterSelected
        state.filterSelected = false
        switch state.keyMap.action(for: key, in: .filter) {
        case .applyFilter:
            // A filter that does not parse stays open, its error beside it.
            if state.filterError == nil { state.filtering = false }
            return []
        case .clearFilter:
            state.filtering = false
            state.filter = ""
            state.selection = 0
            clampSelection(&state)
            return []
        default:
            break
        }
        switch key {
        case .backspace:
            if selected { state.filter = "" } else if !state.filter.isEmpty { state.filter.removeLast() }
        case .character, .control("u"), .control("w"):
            if selected { state.filter = "" }
            edit(&state.filter, with: key)
        case .right, .end, .left, .home:
            return []
        case .up, .down:
            state.filtering = false
            return tableKey(key, &state)
        default:
            state.filterSelected = selected
            return []
        }
        state.selection = 0
        clampSelection(&state)
        return []
    }

    private static func unlockKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard !state.unlocking else { return [] }
        switch key {
        case .enter:
            guard !state.passphraseInput.isEmpty else {
                state.unlockError = "Type the vault's passphrase, then Enter."
                return []
            }
            let passphrase = state.passphraseInput.passphrase()
            state.passphraseInput.removeAll()
            state.unlocking = true
            state.unlockError = nil
            return [.unlock(passphrase: passphrase)]
        case .escape:
            state.quitting = true
            return [.quit]
        case .tab where state.agentOffer != nil:
            state.keepInAgent.toggle()
        default:
            edit(&state.passphraseInput, with: key)
        }
        return []
    }

    private static func createKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard !state.unlocking else { return [] }
        switch key {
        case .tab, .backTab, .up, .down:
            state.repeatFocused.toggle()
        case .enter:
            if !state.repeatFocused {
                state.repeatFocused = true
                return []
            }
            if state.passphraseInput.count < PassphraseSource.minimumLength {
                state.unlockError = "Use at least \(PassphraseSource.minimumLength) characters."
            } else if state.passphraseInput != state.passphraseRepeat {
                state.unlockError = "The two passphrases differ."
                state.passphraseRepeat.removeAll()
            } else {
                let passphrase = state.passphraseInput.passphrase()
                state.passphraseInput.removeAll()
                state.passphraseRepeat.removeAll()
                state.unlocking = true
                state.unlockError = nil
                return [.create(passphrase: passphrase)]
            }
        case .escape:
            state.quitting = true
            return [.quit]
        default:
            if state.repeatFocused { edit(&state.passphraseRepeat, with: key) } else { edit(&state.passphraseInput, with: key) }
        }
        return []
    }

    // MARK: Editor

    private static func editorKey(_ key: Key, _ editor: inout EditorState, _ state: inout AppState) -> [Effect] {
        if editor.confirmingDiscard {
            if key == .character("y") || key == .character("Y") {
                state.overlay = nil
                state.message = .init(text: "Changes discarded.", kind: .info)
            } else {
                editor.confirmingDiscard = false
            }
            return []
        }
        let fields = EditorState.Field.allCases
        func move(_ step: Int) {
            editor.touched.insert(editor.focus.rawValue)
            var index = editor.focus.rawValue
            repeat {
                index = (index + step + fields.count) % fields.count
            } while !isEnabled(fields[index], editor)
            editor.focus = fields[index]
        }
        func choose(_ step: Int) {
            switch editor.focus {
            case .environment:
                let count = ZuoraEnvironment.known.count
                // Positions 0..<count are known hosts, count is "custom".
                let current = editor.environment ?? count
                let next = (current + step + count + 1) % (count + 1)
                editor.environment = next == count ? nil : next
                if let index = editor.environment { editor.url = ZuoraEnvironment.known[index].baseURL }
            case .entityKind:
                // An OAuth client chooses between no entity and entity ids.
                let kinds: [EditorState.EntityKind] = editor.auth == .oauth ? [.none, .id] : EditorState.EntityKind.allCases
                let index = kinds.firstIndex(of: editor.entityKind) ?? 0
                editor.entityKind = kinds[(index + step + kinds.count) % kinds.count]
            case .kind:
                editor.auth = editor.auth == .password ? .oauth : .password
                // An OAuth client takes entity ids, never a name.
                if editor.auth == .oauth && editor.entityKind == .name { editor.entityKind = .id }
            case .environmentClass:
                let classes: [EnvironmentClass?] = [nil, .production, .sandbox, .test]
                let index = classes.firstIndex(of: editor.declaredClass) ?? 0
                editor.declaredClass = classes[(index + step + classes.count) % classes.count]
            case .test, .save, .cancel:
                let buttons: [EditorState.Field] = [.test, .save, .cancel]
                let index = buttons.firstIndex(of: editor.focus) ?? 0
                editor.focus = buttons[(index + step + buttons.count) % buttons.count]
            default:
                break
            }
        }
        switch state.keyMap.action(for: key, in: .editor) {
        case .nextField: move(1)
        case .previousField: move(-1)
        case .close:
            if editor.isDirty { editor.confirmingDiscard = true } else { state.overlay = nil }
        case .reveal:
            editor.revealPassword.toggle()
        case .test:
            return startTest(&editor)
        case .save:
            return save(&editor, &state)
        case .choosePrevious: choose(-1)
        case .chooseNext: choose(1)
        default:
            if key == .enter {
                // Enter presses the focused button, and moves on from a field.
                switch editor.focus {
                case .test: return startTest(&editor)
                case .save: return save(&editor, &state)
                case .cancel:
                    if editor.isDirty { editor.confirmingDiscard = true } else { state.overlay = nil }
                default: move(1)
                }
                return []
            }
            switch editor.focus {
            case .name: edit(&editor.name, with: key)
            case .url:
                edit(&editor.url, with: key)
                editor.environment = ZuoraEnvironment.known.firstIndex { $0.baseURL == editor.url }
            case .user: edit(&editor.user, with: key)
            case .password: edit(&editor.password, with: key)
            case .entityValue: edit(&editor.entityValue, with: key)
            case .tags: edit(&editor.tags, with: key)
            case .notes: edit(&editor.notes, with: key)
            case .sessionTimeout: edit(&editor.sessionTimeout, with: key)
            default: break
            }
        }
        return []
    }

    private static func isEnabled(_ field: EditorState.Field, _ editor: EditorState) -> Bool {
        switch field {
        case .entityValue: editor.entityKind != .none
        // Only a host that is not Zuora's has a class to declare.
        case .environmentClass: editor.environment == nil
        default: true
        }
    }

    private static func startTest(_ editor: inout EditorState) -> [Effect] {
        guard !editor.testing else { return [] }
        editor.testing = true
        editor.testOutcome = nil
        editor.testedProfile = editor.profile
        return [.test(editor.profile)]
    }

    private static func save(_ editor: inout EditorState, _ state: inout AppState) -> [Effect] {
        editor.showAllProblems = true
        let names = state.payload?.profiles.map(\.name) ?? []
        guard editor.visibleProblems(existingNames: names).isEmpty else {
            state.message = .init(text: "Fix the fields marked ✗ before saving.", kind: .error)
            return []
        }
        let profile = editor.profile
        state.overlay = nil
        // A Test of these very credentials keeps its result, and its session when it logged in.
        if editor.testStillApplies, let outcome = editor.testOutcome {
            return [.save(.saveTested(original: editor.original?.name, profile: profile, outcome: outcome))]
        }
        if let original = editor.original {
            return [.save(.replace(original: original.name, with: profile))]
        }
        return [.save(.add(profile))]
    }

    // MARK: Helpers

    /// Applies an editing key to a one-line text field.
    /// Edits a secret field with the same keys as ``edit(_:with:)``.
    static func edit(_ text: inout SecretText, with key: Key) {
        switch key {
        case .character(let character): text.append(character)
        case .backspace: text.removeLast()
        case .control("u"): text.removeAll()
        case .control("w"): text.removeLastWord()
        default: break
        }
    }

    static func edit(_ text: inout String, with key: Key) {
        switch key {
        case .character(let character):
            // No control characters in a field: they would reach the screen, and a NUL breaks
            // Foundation's substring search on Linux (found while fuzzing).
            guard !character.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { break }
            text.append(character)
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .control("u"): text = ""
        case .control("w"):
            while text.last == " " { text.removeLast() }
            while let last = text.last, last != " " { text.removeLast() }
        default: break
        }
    }

    private static func lock(_ state: inout AppState, reason: String) -> [Effect] {
        // One step: the decrypted contents and any half-typed passphrase go together.
        state.close(reason: reason)
        state.overlay = nil
        state.filter = ""
        state.filtering = false
        state.filterSelected = false
        state.inFlight = []
        state.fleet = nil
        state.queued = []
        state.confirmedProduction = []
        state.message = nil
        return [.cancelChecks, .lock]
    }

    /// Starts using, copying or opening a shell for a profile (after the guard).
    private static func handOver(_ name: String, _ kind: ProfileHandOver, _ state: inout AppState) -> [Effect] {
        guard !state.inFlight.contains(name) else {
            state.message = .init(text: "\(name) is busy: wait for it.", kind: .info)
            return []
        }
        state.inFlight.insert(name)
        switch kind {
        case .use:
            state.message = .init(text: "Logging in to \(name)…", kind: .info)
            return [.use(name)]
        case .copy, .shell:
            state.message = .init(text: "Getting a session for \(name)…", kind: .info)
            return [.handOver(name, kind)]
        }
    }

    private static func startCheck(_ names: [String], _ state: inout AppState) -> [Effect] {
        state.inFlight = Set(names)
        state.fleet = FleetProgress(names: names)
        state.message = names.count == 1 ? .init(text: "Checking \(names[0])…", kind: .info)
            : .init(text: "Checking \(names.count) profile(s)… Esc cancels.", kind: .info)
        return [.check(names)]
    }

    /// Keeps the sort and grouping in `config.toml`, and says what they are now.
    private static func keepView(_ state: inout AppState) -> [Effect] {
        clampSelection(&state)
        return [.setSetting(.tuiSort, state.order.description), .setSetting(.tuiGroup, state.grouping.rawValue)]
    }

    /// Rows available to the table body (for paging and scrolling).
    static func tableRows(_ state: AppState) -> Int {
        Layout(size: state.size).tableBody.rows
    }

    static func clampSelection(_ state: inout AppState) {
        let count = state.visibleProfiles.count
        state.selection = min(max(0, state.selection), max(0, count - 1))
        let rows = max(1, tableRows(state))
        let total = state.table.rows.count
        var row = state.selectedRow
        // A group's header stays in view above its first profile.
        if row > 0, case .group = state.table.rows[row - 1] { row -= 1 }
        if row < state.scroll { state.scroll = row }
        if state.selectedRow >= state.scroll + rows { state.scroll = state.selectedRow - rows + 1 }
        state.scroll = max(0, min(state.scroll, max(0, total - rows)))
    }
}
