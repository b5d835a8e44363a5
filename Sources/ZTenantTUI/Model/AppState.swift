import CredentialVault
import Foundation
import Synchronization
import ZTenantCore
import ZuoraAPI

/// Everything the TUI shows, and nothing it does not: `render` is a pure function of it.
public struct AppState: Sendable {
    /// The top-level screen.
    public enum Phase: Sendable, Equatable {
        /// No vault yet: choose a passphrase.
        case creating
        /// The vault is locked: type the passphrase.
        case locked
        /// The vault is open.
        case unlocked
    }

    /// What floats over the table.
    public enum Overlay: Sendable, Equatable {
        case help
        /// The check history of a profile, read from its chunk of the vault when opened.
        case history(String, [ConnectionOutcome])
        /// Every field and the whole last outcome of a profile.
        case describe(String)
        /// The production guard: confirm handing over a production profile's session.
        case confirmProduction(String, ProfileHandOver)
        case confirmDelete(String)
        case editor(EditorState)
    }

    /// A line of feedback at the bottom.
    public struct Message: Sendable, Equatable {
        public enum Kind: Sendable { case info, success, error }
        public var text: String
        public var kind: Kind

        /// Creates a message.
        public init(text: String, kind: Kind) {
            self.text = text
            self.kind = kind
        }
    }

    /// The passphrase form of the create and unlock screens: what is typed (into wiping memory,
    /// never a `String`), and what the screen says.
    public struct PassphraseForm: Sendable {
        /// The passphrase being typed (cleared once sent).
        public var input = SecretText()
        /// The repeat on the create screen.
        public var repeated = SecretText()
        public var repeatFocused = false
        public var error: String?
        /// The passphrase was sent and the key is being derived.
        public var unlocking = false
        /// Why the vault was locked.
        public var reason: String?

        /// An empty form, with why the vault is locked.
        public init(reason: String? = nil) {
            self.reason = reason
        }
    }

    /// What the screen holds in each phase. Decrypted contents exist only in `unlocked`, and a
    /// typed passphrase only in the other two: locking replaces the whole stage, so a locked
    /// screen cannot hold decrypted data.
    public enum Stage: Sendable {
        /// No vault yet: choose a passphrase.
        case creating(PassphraseForm)
        /// The vault is locked: type the passphrase.
        case locked(PassphraseForm)
        /// The vault is open, with its decrypted contents.
        case unlocked(VaultPayload)
    }

    /// The phase and what it holds.
    public private(set) var stage: Stage

    /// Which screen: creating, locked or unlocked.
    public var phase: Phase {
        switch stage {
        case .creating: .creating
        case .locked: .locked
        case .unlocked: .unlocked
        }
    }

    public var vaultPath: String

    /// The decrypted vault; nil unless unlocked (setting it then does nothing). Every change
    /// works out the table again.
    public var payload: VaultPayload? {
        get {
            if case .unlocked(let payload) = stage { return payload }
            return nil
        }
        _modify {
            guard case .unlocked(let current) = stage else {
                var none: VaultPayload?
                yield &none
                return
            }
            // Taken out of the stage while it changes, so the change does not copy it; setting
            // nil locks.
            stage = .locked(PassphraseForm())
            var value: VaultPayload? = consume current
            defer {
                if let value { stage = .unlocked(value) }
                refreshTable()
            }
            yield &value
        }
    }

    /// Opens the unlocked phase with decrypted contents (the form and its passphrase go).
    public mutating func open(_ payload: VaultPayload) {
        stage = .unlocked(payload)
        refreshTable()
    }

    /// Locks: drops the decrypted contents (and any half-typed passphrase) in one step.
    public mutating func close(reason: String?) {
        stage = .locked(PassphraseForm(reason: reason))
        historyMemo.clear()
        refreshTable()
    }

    /// The passphrase form of the create and unlock screens (an empty one while unlocked;
    /// changing it then does nothing).
    public var form: PassphraseForm {
        get {
            switch stage {
            case .creating(let form), .locked(let form): form
            case .unlocked: PassphraseForm()
            }
        }
        set {
            switch stage {
            case .creating: stage = .creating(newValue)
            case .locked: stage = .locked(newValue)
            case .unlocked: break
            }
        }
    }

    public var passphraseInput: SecretText {
        get { form.input }
        set { form.input = newValue }
    }
    public var passphraseRepeat: SecretText {
        get { form.repeated }
        set { form.repeated = newValue }
    }
    public var repeatFocused: Bool {
        get { form.repeatFocused }
        set { form.repeatFocused = newValue }
    }
    public var unlockError: String? {
        get { form.error }
        set { form.error = newValue }
    }
    public var unlocking: Bool {
        get { form.unlocking }
        set { form.unlocking = newValue }
    }
    /// Why the vault was locked, shown on the unlock screen.
    public var lockReason: String? {
        get { form.reason }
        set { form.reason = newValue }
    }
    /// What keeping the vault unlocked in the agent means ("idle 15m, max 8h"), shown as an
    /// offer on the unlock screen; nil when there is no agent to offer (`--no-agent`, the demo).
    public var agentOffer: String?
    /// Whether the unlock screen's offer is taken: after the unlock, the key goes to the agent.
    public var keepInAgent = false

    public var selection = 0
    public var scroll = 0
    /// The filter as typed (docs/tui.md, Filters). Parsed on every change; a term that does
    /// not parse is left out, and the message line says why.
    public var filter = "" { didSet { filterChanged() } }
    public var filtering = false
    /// Whether the filter shows selected (just after `/`): the first key typed replaces it.
    public var filterSelected = false
    /// Why the typed filter does not parse, if it does not.
    public private(set) var filterError: String?
    /// The filter in force.
    public private(set) var activeFilter = ProfileFilter.everything
    /// The table's sort, cycled with `s` and reversed with `S`; kept in `config.toml`.
    public var order = ProfileOrder() { didSet { refreshTable() } }
    /// The table's grouping, cycled with `o`; kept in `config.toml`.
    public var grouping = ProfileGrouping.none { didSet { refreshTable() } }
    /// The table as it stands: worked out when the vault, filter, sort or grouping change.
    public private(set) var table = TableView()
    public var overlay: Overlay?
    /// How far a full-screen view (help, history, describe) is scrolled, in lines.
    public var viewScroll = 0
    /// The key bindings: the defaults, or `keys.toml`'s.
    public var keyMap = KeyMap.defaults
    /// What was wrong in `keys.toml`, shown once the vault opens.
    public var keyProblem: String?
    /// Whether using, copying or opening a shell on a production profile asks first
    /// (`--no-prod-guard` and the `tui.prod-guard` setting turn it off).
    public var productionGuard = true
    /// When the timer last asked whether another process changed the vault.
    public var lastVaultWatch = Date.distantPast
    /// How often the timer asks.
    public static let vaultWatchSeconds: TimeInterval = 2
    /// Frames the loop has drawn: a question answers only keys pressed after it was on screen.
    public var framesShown = 0
    /// `framesShown` when the production guard opened.
    public var guardShownFrom = 0
    /// Production profiles confirmed since the vault was unlocked: asked once per unlock.
    public var confirmedProduction: Set<String> = []
    public var message: Message?

    /// Profiles being checked right now.
    public var inFlight: Set<String> = []
    /// The running check's progress, nil when none runs.
    public var fleet: FleetProgress?
    /// Profiles `c` asked for while a check ran: checked when it ends.
    public var queued: [String] = []

    public var themeNames: [String]
    public var themeName: String
    /// Whether `config.toml` names the theme; if not, a theme an older version kept in the
    /// vault is adopted at unlock.
    public var themeChosen = false
    public var size: TerminalSize
    public var now: Date
    public var lastActivity: Date
    public var autoLockSeconds: Int
    public var spinnerFrame = 0
    public var quitting = false
    /// A note in the header, e.g. the demo's passphrase.
    public var banner: String?

    /// Creates the state the app starts in.
    public init(phase: Phase, vaultPath: String, themeNames: [String], themeName: String, size: TerminalSize, now: Date,
        autoLockSeconds: Int = 600, banner: String? = nil)
    {
        switch phase {
        case .creating: self.stage = .creating(PassphraseForm())
        case .locked, .unlocked: self.stage = .locked(PassphraseForm())
        }
        self.vaultPath = vaultPath
        self.themeNames = themeNames
        self.themeName = themeName
        self.size = size
        self.now = now
        self.lastActivity = now
        self.autoLockSeconds = autoLockSeconds
        self.banner = banner
    }

    /// The profiles the table shows, in its order: all, or those the filter matches.
    public var visibleProfiles: [Profile] { table.profiles }

    private mutating func filterChanged() {
        let (parsed, problem) = ProfileFilter.lenient(filter)
        filterError = problem?.description
        guard parsed != activeFilter else { return }
        activeFilter = parsed
        refreshTable()
    }

    private mutating func refreshTable() {
        guard let payload else {
            table = TableView()
            return
        }
        table = TableView(payload: payload, filter: activeFilter, order: order, grouping: grouping)
    }

    /// The selected profile, if any.
    public var selectedProfile: Profile? {
        let visible = visibleProfiles
        return visible.indices.contains(selection) ? visible[selection] : nil
    }

    /// Whether work is running (the spinner shows).
    public var isBusy: Bool { !inFlight.isEmpty || unlocking || editorTesting }

    /// The selected profile's row in ``table``.
    public var selectedRow: Int {
        table.rowOfProfile.indices.contains(selection) ? table.rowOfProfile[selection] : 0
    }

    var editorTesting: Bool {
        if case .editor(let editor) = overlay { return editor.testing }
        return false
    }

    /// Seconds of inactivity left before the vault locks.
    public var secondsUntilLock: Int {
        autoLockSeconds - Int(now.timeIntervalSince(lastActivity))
    }

    /// A profile's stored checks for the detail pane, read from the vault's history chunk once
    /// and kept until the profile's status moves on (a new check, a reload), not once a frame.
    public func recentHistory(of profile: Profile) -> [ConnectionOutcome] {
        guard let payload else { return [] }
        let status = payload.status(of: profile.name)
        let key = "\(profile.name)|\(status?.checks ?? 0)|\(status?.last.checkedAt.timeIntervalSinceReferenceDate ?? 0)|\(status?.since.timeIntervalSinceReferenceDate ?? 0)"
        return historyMemo.value(for: key) {
            // A chunk that does not read shows no history; `ztenant show` says why.
            (try? payload.history(of: profile.name)) ?? []
        }
    }

    private let historyMemo = HistoryMemo()

    /// The smallest terminal the UI lays out in.
    public static let minimumSize = TerminalSize(rows: 16, columns: 60)
}

/// A running check's progress: which profiles, how many answered, how many of those failed.
public struct FleetProgress: Sendable, Equatable {
    /// The profiles being checked.
    public var names: [String]
    /// How many results arrived.
    public var done = 0
    /// How many of them were not ok.
    public var failing = 0

    /// How many profiles the check covers.
    public var total: Int { names.count }

    /// A check of these profiles.
    public init(names: [String]) {
        self.names = names
    }
}

/// The last history read for the detail pane, by key: a memo shared by copies of the state,
/// so the pure renderer does not decrypt a chunk every frame.
final class HistoryMemo: Sendable {
    private let entry = Mutex<(key: String, outcomes: [ConnectionOutcome])?>(nil)

    func value(for key: String, read: () -> [ConnectionOutcome]) -> [ConnectionOutcome] {
        if let hit = entry.withLock({ $0?.key == key ? $0?.outcomes : nil }) { return hit }
        let outcomes = read()
        entry.withLock { $0 = (key, outcomes) }
        return outcomes
    }

    /// Forgets the kept history (at lock: nothing read from the vault outlives it).
    func clear() {
        entry.withLock { $0 = nil }
    }
}
