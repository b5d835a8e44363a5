/// Terminal column widths of text, from a table generated from Unicode's data
/// (`UnicodeWidthTable`, scripts/generate-width-table.py): East Asian wide and fullwidth
/// characters and emoji presentation take two columns, marks and format characters none.
/// `wcwidth` is not used: it answers -1 for everything but ASCII in the C locale.
public enum DisplayWidth {
    /// The number of terminal columns `text` occupies.
    public static func of(_ text: String) -> Int {
        // Printable ASCII is one column a byte: no need to look up each character.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    /// The columns one character (a grapheme cluster) occupies: its first scalar's, or two when
    /// a variation selector 16 asks for emoji presentation.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count > 1, character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return of(first)
    }

    /// The columns one scalar occupies (0, 1 or 2).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        // Below U+0300 every printable scalar is one column (the soft hyphen too, as terminals draw it).
        if value < 0x300 { return 1 }
        if contains(UnicodeWidthTable.zero, value) { return 0 }
        if contains(UnicodeWidthTable.wide, value) { return 2 }
        return 1
    }

    /// Whether `value` falls in one of the closed ranges of a flat (first, last, …) list.
    static func contains(_ ranges: [UInt32], _ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count / 2 - 1
        while low <= high {
            let middle = (low + high) / 2
            if value < ranges[2 * middle] {
                high = middle - 1
            } else if value > ranges[2 * middle + 1] {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    /// `text` cut to at most `width` columns, ending in `…` when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard of(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let w = of(character)
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// `text` padded with spaces (or cut) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }
}
