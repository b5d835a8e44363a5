/// The settings `config.toml` holds, each with the line it was written on. ConfigSettings the file
/// does not set take their defaults; flags given on the command line win over both.
public struct ConfigSettings: Sendable, Equatable {
    /// A value and the line of `config.toml` it came from.
    public struct Entry: Sendable, Equatable {
        /// The value as text (an integer setting's digits).
        public var value: String
        /// Its line in the file.
        public var line: Int
    }

    /// The values the file sets.
    public var entries: [Setting: Entry]
    /// Keys the file has that are not settings (a later version's, or a typo), with their lines.
    public var unknownKeys: [(key: String, line: Int)]

    /// No settings: every default.
    public init(entries: [Setting: Entry] = [:], unknownKeys: [(key: String, line: Int)] = []) {
        self.entries = entries
        self.unknownKeys = unknownKeys
    }

    /// The value in force: the file's, else the default.
    public func value(_ setting: Setting) -> String {
        entries[setting]?.value ?? setting.defaultValue
    }

    /// The theme's name.
    public var theme: String { value(.theme) }

    /// Whether the user chose a theme (else the TUI may adopt one an older version kept in the vault).
    public var themeIsSet: Bool { entries[.theme] != nil }

    /// The fleet rate; nil is unlimited.
    public var rate: FleetRate? {
        do { return try FleetRate.parse(value(.rate)) } catch { return .default }  // checked when read
    }

    /// The fleet rate in force: a `--rate` flag when given (it wins over the file), else the
    /// file's, else the default; nil is unlimited.
    public func rate(flag: String?) throws(FleetRateError) -> FleetRate? {
        guard let flag else { return rate }
        return try FleetRate.parse(flag)
    }

    /// The longest 429 delay a check waits out, in seconds.
    public var maxWait: Int { Int(value(.maxWait)) ?? 60 }

    /// How long the agent keeps a vault unlocked without a command, in seconds.
    public var agentIdleSeconds: Double {
        AgentDuration.seconds(value(.agentIdle), bareUnit: Setting.agentIdle.bareUnit) ?? 900
    }

    /// How long the agent keeps a vault unlocked at most, in seconds.
    public var agentMaximumSeconds: Double {
        AgentDuration.seconds(value(.agentMax), bareUnit: Setting.agentMax.bareUnit) ?? 8 * 3600
    }

    /// The TUI table's sort.
    public var tuiSort: ProfileOrder { ProfileOrder(parsing: value(.tuiSort)) ?? ProfileOrder() }

    /// The TUI table's grouping.
    public var tuiGroup: ProfileGrouping { ProfileGrouping(rawValue: value(.tuiGroup)) ?? .none }

    /// Whether the TUI's production guard is on.
    public var productionGuard: Bool { value(.tuiProductionGuard) != "off" }

    public static func == (lhs: ConfigSettings, rhs: ConfigSettings) -> Bool {
        lhs.entries == rhs.entries && lhs.unknownKeys.map(\.key) == rhs.unknownKeys.map(\.key)
    }
}
