/// Where a binding applies.
public enum KeyScope: String, Sendable, Hashable, CaseIterable {
    /// The profile table.
    case table
    /// Typing a filter after `/`.
    case filter
    /// The add/edit form.
    case editor
    /// A full-screen view over the table: help, history, describe.
    case view

    /// The heading the help overlay and docs/tui.md give its keys.
    public var title: String {
        switch self {
        case .table: "On the table"
        case .filter: "While typing a filter"
        case .editor: "In the editor"
        case .view: "In help, history and describe"
        }
    }
}

/// Everything a key can do. The raw value is the action's name in `keys.toml`.
public enum KeyAction: String, Sendable, Hashable, CaseIterable {
    case up, down, pageUp = "page-up", pageDown = "page-down", top, bottom
    case use, check, checkAll = "check-all", cancel, add, edit, delete
    case filter, sort, reverseSort = "reverse-sort", group
    case history, describe, copy = "copy-session", shell, reload, theme, lock, help, quit
    case applyFilter = "apply-filter", clearFilter = "clear-filter"
    case nextField = "next-field", previousField = "previous-field", choosePrevious = "choose-previous", chooseNext = "choose-next"
    case reveal, test, save, close = "cancel-form"
    case scrollUp = "scroll-up", scrollDown = "scroll-down", scrollPageUp = "scroll-page-up", scrollPageDown = "scroll-page-down"
    case back

    /// The screen it belongs to.
    public var scope: KeyScope {
        switch self {
        case .applyFilter, .clearFilter: .filter
        case .nextField, .previousField, .choosePrevious, .chooseNext, .reveal, .test, .save, .close: .editor
        case .scrollUp, .scrollDown, .scrollPageUp, .scrollPageDown, .back: .view
        default: .table
        }
    }

    /// Its keys unless `keys.toml` says otherwise.
    public var defaultKeys: [Key] {
        switch self {
        case .up: [.up, .character("k")]
        case .down: [.down, .character("j")]
        case .pageUp: [.pageUp]
        case .pageDown: [.pageDown]
        case .top: [.home, .character("g")]
        case .bottom: [.end, .character("G")]
        case .use: [.enter]
        case .check: [.character("c")]
        case .checkAll: [.character("C")]
        case .cancel: [.escape]
        case .add: [.character("a")]
        case .edit: [.character("e")]
        case .delete: [.character("d")]
        case .filter: [.character("/")]
        case .sort: [.character("s")]
        case .reverseSort: [.character("S")]
        case .group: [.character("o")]
        case .history: [.character("h")]
        case .describe: [.character("v")]
        case .copy: [.character("y")]
        case .shell: [.character("!")]
        case .reload: [.character("r")]
        case .theme: [.character("t")]
        case .lock: [.character("L")]
        case .help: [.character("?")]
        case .quit: [.character("q")]
        case .applyFilter: [.enter]
        case .clearFilter: [.escape]
        case .nextField: [.tab, .down]
        case .previousField: [.backTab, .up]
        case .choosePrevious: [.left]
        case .chooseNext: [.right]
        case .reveal: [.control("r"), .function(2)]
        case .test: [.control("t")]
        case .save: [.control("s")]
        case .close: [.escape]
        case .scrollUp: [.up, .character("k")]
        case .scrollDown: [.down, .character("j")]
        case .scrollPageUp: [.pageUp]
        case .scrollPageDown: [.pageDown, .character(" ")]
        case .back: [.escape, .character("q")]
        }
    }

    /// One line for the help overlay and docs/tui.md.
    public var help: String {
        switch self {
        case .up: "move the selection up"
        case .down: "move the selection down"
        case .pageUp: "move up a page"
        case .pageDown: "move down a page"
        case .top: "go to the first profile"
        case .bottom: "go to the last profile"
        case .use: "use: log in (or reuse the fresh session), store it, mark the profile active (*)"
        case .check: "check the selected profile (queued while another check runs)"
        case .checkAll: "check every profile shown (the filter's matches); the header shows progress"
        case .cancel: "cancel the running check, else clear the filter"
        case .add: "add a profile in the editor"
        case .edit: "edit the selected profile"
        case .delete: "delete the selected profile (asks; only y deletes)"
        case .filter: "filter: words, status:!ok, env:prod, dc:eu, tag:…, host:… (the old filter shows selected)"
        case .sort: "sort by the next key: name, env, dc, status, last check, latency (kept)"
        case .reverseSort: "reverse the sort (kept)"
        case .group: "group by data centre, environment, status, or not at all (kept)"
        case .history: "the selected profile's check history and streak"
        case .describe: "every field and the whole last outcome, full screen"
        case .copy: "copy the profile's session to the terminal's clipboard (OSC 52), logging in first if needed"
        case .shell: "suspend the TUI and run $SHELL with the profile's session, as ztenant shell NAME does"
        case .reload: "read the vault from disk again (changes by other processes are also picked up every 2 s)"
        case .theme: "next colour theme (kept)"
        case .lock: "lock now: forget the key and every secret"
        case .help: "this help"
        case .quit: "quit (Ctrl-C always quits too)"
        case .applyFilter: "keep the filter and go back to the table"
        case .clearFilter: "clear the filter"
        case .nextField: "next field"
        case .previousField: "previous field"
        case .choosePrevious: "choose: environment, entity kind, button (back)"
        case .chooseNext: "choose: environment, entity kind, button (on)"
        case .reveal: "reveal or hide the password"
        case .test: "test the login with the unsaved values"
        case .save: "save"
        case .close: "cancel (asks before discarding changes)"
        case .scrollUp: "scroll up"
        case .scrollDown: "scroll down"
        case .scrollPageUp: "scroll up a page"
        case .scrollPageDown: "scroll down a page"
        case .back: "back to the table"
        }
    }

    /// The footer's word for it, or nil when the footer leaves it out.
    public var footer: String? {
        switch self {
        case .use: "use"
        case .check: "check"
        case .checkAll: "check all"
        case .add: "add"
        case .edit: "edit"
        case .delete: "delete"
        case .filter: "filter"
        case .sort: "sort"
        case .group: "group"
        case .history: "history"
        case .describe: "describe"
        case .copy: "copy"
        case .shell: "shell"
        case .theme: "theme"
        case .lock: "lock"
        case .help: "help"
        case .quit: "quit"
        case .applyFilter: "keep"
        case .clearFilter: "clear"
        case .nextField: "next field"
        case .reveal: "reveal"
        case .test: "test"
        case .save: "save"
        case .close: "cancel"
        case .scrollDown: "scroll"
        case .back: "back"
        default: nil
        }
    }
}

/// One table of key bindings: what each key does on each screen, with the help text the
/// footer, the help overlay and docs/tui.md are generated from (as bubbletea's `bubbles/key`).
/// `keys.toml` may rebind any action; ``KeyMapFile`` reads it.
public struct KeyMap: Sendable, Equatable {
    /// The keys of each action, in the order shown.
    public private(set) var keys: [KeyAction: [Key]]
    private var lookup: [KeyScope: [Key: KeyAction]]

    /// The built-in bindings.
    public static let defaults = KeyMap(keys: Dictionary(uniqueKeysWithValues: KeyAction.allCases.map { ($0, $0.defaultKeys) }))

    init(keys: [KeyAction: [Key]]) {
        self.keys = keys
        var lookup: [KeyScope: [Key: KeyAction]] = [:]
        for action in KeyAction.allCases {
            for key in keys[action] ?? [] where lookup[action.scope]?[key] == nil {
                lookup[action.scope, default: [:]][key] = action
            }
        }
        self.lookup = lookup
    }

    /// What `key` does on a screen, if anything.
    public func action(for key: Key, in scope: KeyScope) -> KeyAction? {
        lookup[scope]?[key]
    }

    /// The action already bound to `key` on the screen of `action`, other than `action` itself.
    func conflict(for key: Key, with action: KeyAction) -> KeyAction? {
        KeyAction.allCases.first { $0 != action && $0.scope == action.scope && (keys[$0] ?? []).contains(key) }
    }

    /// Gives an action new keys.
    mutating func rebind(_ action: KeyAction, to newKeys: [Key]) {
        keys[action] = newKeys
        self = KeyMap(keys: keys)
    }

    /// An action's keys as shown: `↑ k`.
    public func shown(_ action: KeyAction) -> String {
        (keys[action] ?? []).map(KeyName.shown).joined(separator: " ")
    }

    /// The footer's entries for a screen, in table order: (first key, word).
    public func footer(_ scope: KeyScope) -> [(key: String, label: String)] {
        KeyAction.allCases.compactMap { action in
            guard action.scope == scope, let label = action.footer, let key = keys[action]?.first else { return nil }
            return (KeyName.shown(key), label)
        }
    }

    /// The help overlay's lines: a heading per screen, then (keys, help) per action.
    public func helpLines() -> [(keys: String, help: String, heading: Bool)] {
        var lines: [(String, String, Bool)] = []
        for scope in KeyScope.allCases {
            if !lines.isEmpty { lines.append(("", "", false)) }
            lines.append((scope.title, "", true))
            for action in KeyAction.allCases where action.scope == scope {
                lines.append((shown(action), action.help, false))
            }
        }
        return lines
    }

    /// The key table of docs/tui.md, generated from the bindings: one row per action.
    public func markdownTable() -> String {
        var rows = ["| screen | keys | action (keys.toml) | does |", "|---|---|---|---|"]
        for scope in KeyScope.allCases {
            for action in KeyAction.allCases where action.scope == scope {
                let keys = (self.keys[action] ?? []).map { "`\(KeyName.shown($0).replacingOccurrences(of: "|", with: "\\|"))`" }
                    .joined(separator: " ")
                rows.append("| \(scope.rawValue) | \(keys) | `\(action.rawValue)` | \(action.help) |")
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
