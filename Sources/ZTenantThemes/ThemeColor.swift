/// A colour as a theme writes it: the terminal's own, one of the 16 named colours, a
/// 256-colour index, or `#rrggbb`.
public enum ThemeColor: Sendable, Hashable {
    /// The terminal's default foreground or background.
    case terminalDefault
    /// A 256-colour palette index (0–15 are the named colours).
    case indexed(Int)
    /// A true colour.
    case rgb(UInt8, UInt8, UInt8)

    /// The names a theme may use for 0–15.
    public static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "brightblack", "brightred", "brightgreen", "brightyellow", "brightblue", "brightmagenta", "brightcyan", "brightwhite"]

    /// Parses `default`, a name (`red`, `brightblue`, also `gray`/`grey` for brightblack), `#rrggbb`, or an index `0`–`255`.
    public static func parse(_ text: String) -> ThemeColor? {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        if value == "default" || value == "none" { return .terminalDefault }
        if value == "gray" || value == "grey" { return .indexed(8) }
        if let index = names.firstIndex(of: value) { return .indexed(index) }
        if value.hasPrefix("#"), value.count == 7, let number = UInt32(value.dropFirst(), radix: 16) {
            return .rgb(UInt8(number >> 16), UInt8((number >> 8) & 0xFF), UInt8(number & 0xFF))
        }
        if let index = Int(value), (0...255).contains(index) { return .indexed(index) }
        return nil
    }

    /// The colour's RGB value (xterm's palette for indexes), or nil for the terminal default.
    public var rgbValue: (Int, Int, Int)? {
        switch self {
        case .terminalDefault: return nil
        case .rgb(let r, let g, let b): return (Int(r), Int(g), Int(b))
        case .indexed(let index): return Self.xterm(index)
        }
    }

    /// The nearest colour a terminal with `colors` colours can show, as a palette index
    /// (-1 for the terminal default).
    public func index(forTerminalColors colors: Int) -> Int {
        switch self {
        case .terminalDefault:
            return -1
        case .indexed(let index) where index < colors:
            return index
        default:
            guard let (r, g, b) = rgbValue else { return -1 }
            let candidates = colors >= 256 ? Array(16..<256) + Array(0..<16) : Array(0..<min(max(colors, 8), 16))
            return candidates.min { distance(Self.xterm($0), (r, g, b)) < distance(Self.xterm($1), (r, g, b)) } ?? -1
        }
    }

    private func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        // Weighted for the eye's sensitivity (green most, blue least).
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return 3 * dr * dr + 4 * dg * dg + 2 * db * db
    }

    /// xterm's RGB for a palette index.
    static func xterm(_ index: Int) -> (Int, Int, Int) {
        let basic: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if index < 16 { return basic[max(0, index)] }
        if index < 232 {
            let cube = index - 16
            let level = { (value: Int) in value == 0 ? 0 : 55 + value * 40 }
            return (level(cube / 36), level((cube / 6) % 6), level(cube % 6))
        }
        let gray = 8 + (index - 232) * 10
        return (gray, gray, gray)
    }
}
