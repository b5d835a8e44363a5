/// A key press, decoded from the terminal.
public enum Key: Sendable, Hashable {
    /// A printable character (possibly wide or composed).
    case character(Character)
    /// Ctrl plus a letter, e.g. `.control("c")`.
    case control(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    /// A function key F1–F12.
    case function(Int)
}
