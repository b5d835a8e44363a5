import ZuoraAPI

/// What a piece of the screen means; themes give each role its colours and attributes.
public enum ThemeRole: String, Sendable, Hashable, CaseIterable, Codable {
    case text
    case muted
    case border
    case title
    case selection
    case statusOK = "status.ok"
    case statusFail = "status.fail"
    case statusWarn = "status.warn"
    case envProduction = "env.production"
    case envSandbox = "env.sandbox"
    case envTest = "env.test"
    case envCustom = "env.custom"
    case badge
    case input
    case inputFocused = "input.focused"
    case error
    case header
    case footer
    case key

    /// The role a role falls back to when a theme does not define it.
    public var fallback: ThemeRole? {
        switch self {
        case .text: nil
        case .inputFocused: .input
        case .envTest, .envCustom: .badge
        case .key: .title
        default: .text
        }
    }
}


extension ThemeRole {
    /// The role an outcome is shown in: ok, refused, a problem on the way, or not checked.
    public static func forStatus(_ status: OutcomeStatus?) -> ThemeRole {
        guard let status else { return .muted }
        switch status.severity {
        case .ok: return .statusOK
        case .refused: return .statusFail
        case .trouble: return .statusWarn
        case .skipped: return .muted
        }
    }
}
