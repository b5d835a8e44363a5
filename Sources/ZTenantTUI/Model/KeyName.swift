import ZuoraAPI

/// How keys are written: in `keys.toml` (`ctrl+r`, `pgdown`, `shift+tab`, `x`) and on screen
/// (`Ctrl-R`, `PgDn`, `⇧Tab`, `x`).
public enum KeyName {
    private static let named: [(name: String, key: Key, shown: String)] = [
        ("up", .up, "↑"), ("down", .down, "↓"), ("left", .left, "←"), ("right", .right, "→"),
        ("pgup", .pageUp, "PgUp"), ("pgdown", .pageDown, "PgDn"), ("home", .home, "Home"), ("end", .end, "End"),
        ("enter", .enter, "Enter"), ("esc", .escape, "Esc"), ("tab", .tab, "Tab"), ("shift+tab", .backTab, "⇧Tab"),
        ("backspace", .backspace, "Backspace"), ("delete", .delete, "Del"), ("space", .character(" "), "Space"),
    ]

    /// Other spellings `keys.toml` accepts.
    private static let aliases: [String: String] = [
        "pageup": "pgup", "pagedown": "pgdown", "pgdn": "pgdown", "return": "enter", "escape": "esc", "backtab": "shift+tab",
        "del": "delete",
    ]

    /// The key a `keys.toml` name stands for, or nil.
    public static func parse(_ text: String) -> Key? {
        // One visible character: no control, format (bidi, zero-width) or combining-only
        // scalar, and no pile of marks.
        if text.count == 1, let character = text.first, !character.isWhitespace, character.unicodeScalars.count <= 2,
            character.unicodeScalars.allSatisfy({ !TextSanitizer.isControlBidiOrZeroWidth($0) && !$0.properties.isNoncharacterCodePoint }),
            character.unicodeScalars.first.map({ $0.properties.generalCategory != .nonspacingMark }) ?? false
        {
            return .character(character)
        }
        let lowered = text.lowercased()
        let name = aliases[lowered] ?? lowered
        if let entry = named.first(where: { $0.name == name }) { return entry.key }
        // Ctrl-C always quits; Ctrl-H, -I, -J and -M arrive as Backspace, Tab and Enter.
        if name.hasPrefix("ctrl+"), name.count == 6, let letter = name.last, ("a"..."z").contains(letter), !"chijm".contains(letter) {
            return .control(letter)
        }
        if name.hasPrefix("f"), let number = Int(name.dropFirst()), (1...12).contains(number) { return .function(number) }
        return nil
    }

    /// The key as the footer, help and docs show it.
    public static func shown(_ key: Key) -> String {
        if let entry = named.first(where: { $0.key == key }) { return entry.shown }
        switch key {
        case .character(let character): return String(character)
        case .control(let letter): return "Ctrl-" + letter.uppercased()
        case .function(let number): return "F\(number)"
        default: return "?"
        }
    }

    /// The key as `keys.toml` writes it.
    public static func configName(_ key: Key) -> String {
        if let entry = named.first(where: { $0.key == key }) { return entry.name }
        switch key {
        case .character(let character): return String(character)
        case .control(let letter): return "ctrl+" + String(letter)
        case .function(let number): return "f\(number)"
        default: return "?"
        }
    }
}

