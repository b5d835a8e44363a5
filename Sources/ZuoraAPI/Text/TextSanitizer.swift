/// Makes untrusted server text safe to show a human: one line, printable, bounded.
///
/// Zuora's messages, headers and error pages come from a server we do not control, and
/// may pass through proxies that we trust even less. Before any of it reaches a terminal
/// or a log, every escape sequence (CSI, OSC, DCS, …), control character, C1 control and
/// bidirectional override is removed, runs of white space fold into one space, and the
/// result is cut to `limit` characters with a trailing `…`.
public enum TextSanitizer {
    /// The default bound for a message shown to a human.
    public static let defaultLimit = 300

    /// Returns `text` made safe for display, at most `limit` characters long (plus `…`).
    ///
    /// Work is bounded by the output, not the input: a 10 MB message costs no more than
    /// the first few hundred characters that survive.
    public static func sanitize(_ text: String, limit: Int = defaultLimit) -> String {
        // Most text (names, hosts, users) is printable ASCII with single spaces: nothing to do.
        if text.utf8.count <= limit, isPlainASCII(text) { return text }
        var output = String.UnicodeScalarView()
        var kept = 0
        var pendingSpace = false
        var state = EscapeState.text
        var truncated = false

        for scalar in text.unicodeScalars {
            switch state {
            case .text:
                break
            case .escape:
                // ESC was seen: decide which kind of sequence follows.
                switch scalar {
                case "[": state = .csi
                case "]", "P", "X", "^", "_": state = .string
                default: state = .text
                }
                continue
            case .csi:
                if (0x40...0x7E).contains(scalar.value) { state = .text }
                continue
            case .string:
                if scalar.value == 0x07 || scalar.value == 0x9C { state = .text }
                else if scalar.value == 0x1B { state = .stringEscape }
                continue
            case .stringEscape:
                state = scalar == "\\" ? .text : .string
                continue
            }

            switch scalar.value {
            case 0x1B:
                state = .escape
                continue
            case 0x9B:
                state = .csi
                continue
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                state = .string
                continue
            default:
                break
            }
            if isWhitespace(scalar) {
                pendingSpace = kept > 0
                continue
            }
            if isInvisibleOrControl(scalar) { continue }

            let needed = pendingSpace ? 2 : 1
            if kept + needed > limit {
                truncated = true
                break
            }
            if pendingSpace {
                output.append(" ")
                kept += 1
                pendingSpace = false
            }
            output.append(scalar)
            kept += 1
        }
        var result = String(output)
        if truncated { result += "…" }
        return result
    }

    /// A plain-text reading of an HTML error page: the `<title>` if it has one, else the text
    /// with tags removed. The result still needs ``sanitize(_:limit:)``.
    public static func plainText(fromHTML html: Substring) -> String {
        let lower = html.lowercased()
        if let open = lower.range(of: "<title"), let close = lower.range(of: "</title>", range: open.upperBound..<lower.endIndex),
            let tagEnd = lower.range(of: ">", range: open.upperBound..<close.lowerBound)
        {
            let start = html.index(html.startIndex, offsetBy: lower.distance(from: lower.startIndex, to: tagEnd.upperBound))
            let end = html.index(html.startIndex, offsetBy: lower.distance(from: lower.startIndex, to: close.lowerBound))
            let title = html[start..<end]
            if !title.allSatisfy(\.isWhitespace) { return String(title) }
        }
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true; text.append(" ") }
            else if character == ">" { inTag = false }
            else if !inTag { text.append(character) }
        }
        return text
    }

    private enum EscapeState {
        case text, escape, csi, string, stringEscape
    }

    /// Printable ASCII, no space at either end and none doubled: what ``sanitize(_:limit:)``
    /// returns unchanged.
    public static func isPlainASCII(_ text: String) -> Bool {
        var previousWasSpace = true
        for byte in text.utf8 {
            guard byte >= 0x20 && byte < 0x7F else { return false }
            if byte == 0x20 {
                if previousWasSpace { return false }
                previousWasSpace = true
            } else {
                previousWasSpace = false
            }
        }
        return !previousWasSpace || text.isEmpty
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x2028, 0x2029: true
        default: scalar.properties.isWhitespace
        }
    }

    /// Whether a scalar is a C0 or C1 control, DEL, a bidirectional control or a zero-width
    /// character: what could drive a terminal or disguise text when shown.
    public static func isControlBidiOrZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        // Bidirectional embeddings, overrides and isolates can reorder what a reader sees.
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        // Zero-width characters and the byte-order mark hide text.
        case 0x200B...0x200D, 0xFEFF, 0x2060: true
        default: false
        }
    }

    private static func isInvisibleOrControl(_ scalar: Unicode.Scalar) -> Bool {
        if isControlBidiOrZeroWidth(scalar) { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return false
        }
    }
}
