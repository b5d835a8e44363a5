/// Inline colour for command-line output: a theme role's foreground and bold/underline as
/// SGR escape sequences, as gh and git colour their output. Backgrounds and reverse video are
/// left to the TUI; on a line of text they read as noise.
public struct ANSIStyle: Sendable {
    /// The theme the colours come from.
    public let theme: Theme
    /// Whether the terminal takes 24-bit colour (`COLORTERM=truecolor` or `24bit`).
    public let trueColor: Bool

    /// A palette from `theme`.
    public init(theme: Theme, environment: [String: String]) {
        self.theme = theme
        let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
        trueColor = colorTerm == "truecolor" || colorTerm == "24bit"
    }

    /// `text` wrapped in the role's SGR sequence and a reset; unchanged when the role has no style.
    public func paint(_ text: String, _ role: ThemeRole) -> String {
        let codes = sgr(theme.style(role))
        guard !codes.isEmpty, !text.isEmpty else { return text }
        return "\u{1B}[\(codes)m\(text)\u{1B}[0m"
    }

    func sgr(_ style: ThemeStyle) -> String {
        var codes: [String] = []
        if style.bold { codes.append("1") }
        if style.underline { codes.append("4") }
        switch style.foreground {
        case .terminalDefault:
            break
        case .indexed(let index) where index < 8:
            codes.append(String(30 + index))
        case .indexed(let index) where index < 16:
            codes.append(String(90 + index - 8))
        case .indexed(let index):
            codes.append("38;5;\(index)")
        case .rgb(let red, let green, let blue):
            codes.append(trueColor ? "38;2;\(red);\(green);\(blue)" : "38;5;\(style.foreground.index(forTerminalColors: 256))")
        }
        return codes.joined(separator: ";")
    }
}
