import Foundation
import ZTenantCore
import ZuoraAPI

/// How one role looks.
public struct ThemeStyle: Sendable, Hashable {
    /// Foreground colour.
    public var foreground: ThemeColor
    /// Background colour.
    public var background: ThemeColor
    /// Bold.
    public var bold: Bool
    /// Underlined.
    public var underline: Bool
    /// Reverse video.
    public var reverse: Bool

    /// Creates a style.
    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault, bold: Bool = false,
        underline: Bool = false, reverse: Bool = false)
    {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
    }

    /// The style with colours removed (for `NO_COLOR` and monochrome terminals): attributes
    /// alone must carry the meaning.
    public var monochrome: ThemeStyle {
        ThemeStyle(bold: bold, underline: underline, reverse: reverse)
    }
}

/// A colour theme: a style for every ``ThemeRole``.
public struct Theme: Sendable, Hashable {
    /// The theme's name (its file name without `.toml`).
    public var name: String
    /// Where it came from: `bundled`, a file path, or `built-in`.
    public var source: String
    /// Styles per role, every role present.
    public var styles: [ThemeRole: ThemeStyle]

    /// The style for a role.
    public func style(_ role: ThemeRole) -> ThemeStyle {
        styles[role] ?? ThemeStyle()
    }

    /// A theme with no colour at all: attributes only. Used for `NO_COLOR`, `--no-color`,
    /// and when no theme file can be found.
    public static let monochrome: Theme = {
        var styles: [ThemeRole: ThemeStyle] = [:]
        for role in ThemeRole.allCases { styles[role] = ThemeStyle() }
        styles[.title] = ThemeStyle(bold: true)
        styles[.header] = ThemeStyle(reverse: true)
        styles[.footer] = ThemeStyle(reverse: true)
        styles[.selection] = ThemeStyle(reverse: true)
        styles[.statusFail] = ThemeStyle(bold: true)
        styles[.error] = ThemeStyle(bold: true, underline: true)
        styles[.envProduction] = ThemeStyle(bold: true, reverse: true)
        styles[.inputFocused] = ThemeStyle(underline: true)
        styles[.input] = ThemeStyle(underline: true)
        styles[.key] = ThemeStyle(bold: true)
        styles[.muted] = ThemeStyle()
        return Theme(name: "mono", source: "built-in", styles: styles)
    }()

    /// Reads a theme file: `[palette]` names colours, `[roles]` gives each role
    /// `fg`, `bg`, `bold`, `underline`, `reverse`. Every problem names its line.
    public static func parse(_ text: String, name: String, source: String) throws -> Theme {
        let document: TOMLTable
        do {
            document = try TOMLReader.read(text)
        } catch {
            throw ThemeError(path: source, line: error.line, message: error.message)
        }
        func problem(_ line: Int, _ message: String) -> ThemeError {
            ThemeError(path: source, line: line, message: TextSanitizer.sanitize(message, limit: 300))
        }
        var palette: [String: ThemeColor] = [:]
        if let entries = document["palette"] {
            guard let table = entries.table else { throw problem(entries.line, "[palette] must be a table of colours") }
            for (key, value) in table.entries {
                guard let color = color(from: value, palette: [:]) else {
                    throw problem(value.line, "palette colour '\(key)' is not a colour name, #rrggbb, 0–255 or default")
                }
                palette[key] = color
            }
        }
        var styles: [ThemeRole: ThemeStyle] = [:]
        if let entries = document["roles"] {
            guard let roles = entries.table else { throw problem(entries.line, "[roles] must be a table of roles") }
            for (key, value) in roles.entries {
                guard let role = ThemeRole(rawValue: key) else {
                    throw problem(value.line, "unknown role '\(key)'; roles are \(ThemeRole.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard let spec = value.table else {
                    throw problem(value.line, "role '\(key)' must be a table like { fg = \"red\", bold = true }")
                }
                var style = ThemeStyle()
                for (field, raw) in spec.entries {
                    switch field {
                    case "fg", "bg":
                        guard let color = color(from: raw, palette: palette) else {
                            throw problem(raw.line, "role '\(key)': \(field) is not a palette name or colour")
                        }
                        if field == "fg" { style.foreground = color } else { style.background = color }
                    case "bold", "underline", "reverse":
                        guard let flag = raw.boolean else { throw problem(raw.line, "role '\(key)': \(field) must be true or false") }
                        switch field {
                        case "bold": style.bold = flag
                        case "underline": style.underline = flag
                        default: style.reverse = flag
                        }
                    default:
                        throw problem(raw.line, "role '\(key)': unknown field '\(field)' (fg, bg, bold, underline, reverse)")
                    }
                }
                styles[role] = style
            }
        }
        for role in ThemeRole.allCases where styles[role] == nil {
            var fallback = role.fallback
            while let candidate = fallback, styles[candidate] == nil { fallback = candidate.fallback }
            styles[role] = fallback.flatMap { styles[$0] } ?? ThemeStyle()
        }
        return Theme(name: name, source: source, styles: styles)
    }

    private static func color(from value: TOMLValue, palette: [String: ThemeColor]) -> ThemeColor? {
        if let number = value.integer { return (0...255).contains(number) ? .indexed(number) : nil }
        guard let text = value.string else { return nil }
        return palette[text] ?? ThemeColor.parse(text)
    }
}

/// A theme file that could not be used.
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The line of the problem, when known.
    public var line: Int?
    /// What is wrong.
    public var message: String

    public var description: String {
        "theme \(path)\(line.map { ", line \($0)" } ?? ""): \(message)"
    }
}
