import ZuoraAPI

/// A value read from a TOML file, with the line it was written on.
public indirect enum TOMLValue: Sendable, Equatable {
    /// A string.
    case string(String, line: Int)
    /// An integer.
    case integer(Int, line: Int)
    /// `true` or `false`.
    case boolean(Bool, line: Int)
    /// An array.
    case array([TOMLValue], line: Int)
    /// A table: its entries in the order written.
    case table(TOMLTable)

    /// The line the value starts on.
    public var line: Int {
        switch self {
        case .string(_, let line), .integer(_, let line), .boolean(_, let line), .array(_, let line): line
        case .table(let table): table.line
        }
    }

    /// The string, when this is one.
    public var string: String? { if case .string(let value, _) = self { value } else { nil } }
    /// The integer, when this is one.
    public var integer: Int? { if case .integer(let value, _) = self { value } else { nil } }
    /// The boolean, when this is one.
    public var boolean: Bool? { if case .boolean(let value, _) = self { value } else { nil } }
    /// The table, when this is one.
    public var table: TOMLTable? { if case .table(let value) = self { value } else { nil } }
}

/// A TOML table: keys in the order written, each with its value.
public struct TOMLTable: Sendable, Equatable {
    /// The entries in the order written.
    public private(set) var entries: [(key: String, value: TOMLValue)] = []
    private var positions: [String: Int] = [:]
    /// The line the table starts on (its `[header]`, or 1 for the root).
    public var line: Int

    init(line: Int) {
        self.line = line
    }

    /// The value at `key`.
    public subscript(key: String) -> TOMLValue? {
        positions[key].map { entries[$0].value }
    }

    mutating func set(_ key: String, _ value: TOMLValue) {
        if let index = positions[key] {
            entries[index].value = value
        } else {
            positions[key] = entries.count
            entries.append((key, value))
        }
    }

    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        lhs.line == rhs.line && lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

/// Why a TOML file could not be read: the line and what is wrong (display-safe).
public struct TOMLReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line.
    public var line: Int
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// Reads the part of TOML 1.0 that ztenant's own files use: comments, `[table]` headers
/// (dotted), bare, quoted and dotted keys, basic and literal strings, integers, booleans,
/// arrays and inline tables. Anything else (floats, dates, multi-line strings, arrays of
/// tables) is refused with its line, never guessed at.
///
/// Written for ztenant rather than taken from a library: theme and settings files are read
/// at every start, so the reader must be linear in its input, bounded in depth and memory,
/// and safe to fuzz (`scripts/fuzz.sh theme`).
public enum TOMLReader {
    /// The largest file read: far more than any theme or settings file needs.
    public static let maxBytes = 256 * 1024
    /// The deepest nesting of arrays and inline tables.
    public static let maxDepth = 16

    /// Reads `text` into its root table.
    public static func read(_ text: String) throws(TOMLReadError) -> TOMLTable {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxBytes else {
            throw TOMLReadError(line: 1, message: "the file is \(bytes.count) bytes long; at most \(maxBytes) are read")
        }
        var parser = Parser(bytes: bytes)
        return try parser.document()
    }
}

private struct Parser {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var root = Node(line: 1)
    /// The path of the current `[table]`.
    var current: [String] = []
    /// Tables defined by a header, to refuse defining one twice.
    var defined: Set<[String]> = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    func fail(_ message: String) -> TOMLReadError {
        TOMLReadError(line: line, message: TextSanitizer.sanitize(message, limit: 200))
    }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpaces() {
        while let byte = peek, byte == 0x20 || byte == 0x09 { index += 1 }
    }

    /// Spaces, then a comment, then the end of the line (or of the file).
    mutating func endOfLine() throws(TOMLReadError) {
        skipSpaces()
        if peek == UInt8(ascii: "#") {
            while let byte = peek, byte != 0x0A {
                if byte < 0x20 && byte != 0x09 && byte != 0x0D { throw fail("control character in a comment") }
                index += 1
            }
        }
        if peek == 0x0D { index += 1 }
        guard let byte = peek else { return }
        guard byte == 0x0A else { throw fail("unexpected '\(Character(Unicode.Scalar(byte)))' after the value; one key = value per line") }
        index += 1
        line += 1
    }

    /// A table of the document while it is read: a reference, so adding to a table deep in
    /// the tree costs the same as adding to the root (values would be copied on every write).
    final class Node {
        enum Entry {
            case value(TOMLValue)
            case table(Node)
        }
        var entries: [(key: String, entry: Entry)] = []
        var positions: [String: Int] = [:]
        let line: Int

        init(line: Int) {
            self.line = line
        }

        subscript(key: String) -> Entry? { positions[key].map { entries[$0].entry } }

        func add(_ key: String, _ entry: Entry) {
            positions[key] = entries.count
            entries.append((key, entry))
        }

        func frozen() -> TOMLTable {
            var table = TOMLTable(line: line)
            for (key, entry) in entries {
                switch entry {
                case .value(let value): table.set(key, value)
                case .table(let node): table.set(key, .table(node.frozen()))
                }
            }
            return table
        }
    }

    mutating func document() throws(TOMLReadError) -> TOMLTable {
        while index < bytes.count {
            skipSpaces()
            guard let byte = peek else { break }
            switch byte {
            case 0x0A:
                index += 1
                line += 1
            case 0x0D, UInt8(ascii: "#"):
                try endOfLine()
            case UInt8(ascii: "["):
                try header()
            default:
                let keyLine = line
                let path = try key(depth: current.count)
                skipSpaces()
                guard peek == UInt8(ascii: "=") else { throw fail("expected '=' after the key '\(path.joined(separator: "."))'") }
                index += 1
                skipSpaces()
                let value = try self.value(depth: 0)
                try insert(current + path, value, line: keyLine)
                try endOfLine()
            }
        }
        return root.frozen()
    }

    mutating func header() throws(TOMLReadError) {
        index += 1
        if peek == UInt8(ascii: "[") { throw fail("arrays of tables ([[…]]) are not supported here") }
        skipSpaces()
        let path = try key(depth: 0)
        skipSpaces()
        guard peek == UInt8(ascii: "]") else { throw fail("the table header is not closed with ']'") }
        index += 1
        guard !defined.contains(path) else { throw fail("the table [\(path.joined(separator: "."))] is defined twice") }
        defined.insert(path)
        try ensureTable(path, line: line)
        current = path
        try endOfLine()
    }

    /// A bare, quoted or dotted key, as its parts; `depth` tables already enclose it.
    mutating func key(depth: Int) throws(TOMLReadError) -> [String] {
        var parts: [String] = []
        while true {
            guard depth + parts.count < TOMLReader.maxDepth else {
                throw fail("keys and tables nest more than \(TOMLReader.maxDepth) deep")
            }
            skipSpaces()
            guard let byte = peek else { throw fail("a key was expected") }
            if byte == UInt8(ascii: "\"") {
                parts.append(try basicString())
            } else if byte == UInt8(ascii: "'") {
                parts.append(try literalString())
            } else {
                let start = index
                while let next = peek, Self.isBareKey(next) { index += 1 }
                guard index > start else { throw fail("a key was expected, found '\(Character(Unicode.Scalar(byte)))'") }
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            skipSpaces()
            guard peek == UInt8(ascii: ".") else { return parts }
            index += 1
        }
    }

    static func isBareKey(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    mutating func value(depth: Int) throws(TOMLReadError) -> TOMLValue {
        guard depth < TOMLReader.maxDepth else { throw fail("values nest more than \(TOMLReader.maxDepth) deep") }
        guard let byte = peek else { throw fail("a value was expected") }
        let valueLine = line
        switch byte {
        case UInt8(ascii: "\""):
            if bytes[index...].starts(with: Array("\"\"\"".utf8)) { throw fail("multi-line strings are not supported here") }
            return .string(try basicString(), line: valueLine)
        case UInt8(ascii: "'"):
            if bytes[index...].starts(with: Array("'''".utf8)) { throw fail("multi-line strings are not supported here") }
            return .string(try literalString(), line: valueLine)
        case UInt8(ascii: "{"):
            return .table(try inlineTable(depth: depth))
        case UInt8(ascii: "["):
            return try array(depth: depth)
        default:
            let start = index
            while let next = peek, Self.isBareKey(next) || next == UInt8(ascii: "+") || next == UInt8(ascii: ".")
                || next == UInt8(ascii: ":")
            {
                index += 1
            }
            let word = String(decoding: bytes[start..<index], as: UTF8.self)
            if word == "true" { return .boolean(true, line: valueLine) }
            if word == "false" { return .boolean(false, line: valueLine) }
            if let number = Self.integer(word) { return .integer(number, line: valueLine) }
            if word.isEmpty { throw fail("a value was expected, found '\(Character(Unicode.Scalar(byte)))'") }
            throw fail("'\(word)' is not a string, integer or boolean (put text in quotes)")
        }
    }

    /// A TOML integer: optional sign, decimal digits without leading zeros, or 0x/0o/0b
    /// digits without a sign; `_` only between digits. Nil when malformed or out of range.
    static func integer(_ word: String) -> Int? {
        var digits = Array(word.utf8)[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        var radix = 10
        if digits.count > 2, digits.first == UInt8(ascii: "0") {
            switch digits[digits.startIndex + 1] {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: break
            }
        }
        if radix != 10 {
            guard word.utf8.first != UInt8(ascii: "+"), !negative else { return nil }
            digits = digits.dropFirst(2)
        } else if digits.count > 1 && digits.first == UInt8(ascii: "0") {
            return nil
        }
        guard let first = digits.first, let last = digits.last, first != UInt8(ascii: "_"), last != UInt8(ascii: "_") else {
            return nil
        }
        var value = 0
        var previousUnderscore = false
        for byte in digits {
            if byte == UInt8(ascii: "_") {
                if previousUnderscore { return nil }
                previousUnderscore = true
                continue
            }
            previousUnderscore = false
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte - UInt8(ascii: "A")) + 10
            default: return nil
            }
            guard digit < radix else { return nil }
            // Accumulate negatively so Int.min itself is representable.
            let (scaled, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (next, overflow2) = scaled.subtractingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = next
        }
        if negative { return value }
        let (positive, overflow) = (0).subtractingReportingOverflow(value)
        return overflow ? nil : positive
    }

    mutating func basicString() throws(TOMLReadError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var pending: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
            pending.removeAll(keepingCapacity: true)
        }
        while true {
            guard let byte = peek else { throw fail("the string is not closed with '\"'") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                guard let escape = peek else { throw fail("the string is not closed with '\"'") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let digits = escape == UInt8(ascii: "u") ? 4 : 8
                    guard index + digits <= bytes.count,
                        let value = UInt32(String(decoding: bytes[index..<(index + digits)], as: UTF8.self), radix: 16),
                        let scalar = Unicode.Scalar(value)
                    else { throw fail("\\\(Character(Unicode.Scalar(escape))) must be followed by \(digits) hex digits of a Unicode scalar") }
                    index += digits
                    scalars.append(scalar)
                default:
                    throw fail("unknown escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
                }
            case 0x0A, 0x0D:
                throw fail("the string is not closed with '\"' before the end of the line")
            case 0x00..<0x20 where byte != 0x09, 0x7F:
                throw fail("control character in a string (write it as an escape)")
            default:
                pending.append(byte)
            }
        }
    }

    mutating func literalString() throws(TOMLReadError) -> String {
        index += 1
        let start = index
        while true {
            guard let byte = peek else { throw fail("the string is not closed with \"'\"") }
            if byte == UInt8(ascii: "'") { break }
            if byte == 0x0A || byte == 0x0D { throw fail("the string is not closed with \"'\" before the end of the line") }
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F { throw fail("control character in a string") }
            index += 1
        }
        defer { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func inlineTable(depth: Int) throws(TOMLReadError) -> TOMLTable {
        let table = Node(line: line)
        index += 1
        skipSpaces()
        if peek == UInt8(ascii: "}") {
            index += 1
            return table.frozen()
        }
        while true {
            skipSpaces()
            let path = try key(depth: depth + 1)
            skipSpaces()
            guard peek == UInt8(ascii: "=") else { throw fail("expected '=' after '\(path.joined(separator: "."))' in the inline table") }
            index += 1
            skipSpaces()
            let value = try self.value(depth: depth + 1 + path.count)
            try insert(path, value, line: line, under: table)
            skipSpaces()
            guard let byte = peek, byte != 0x0A, byte != 0x0D else {
                throw fail("the inline table is not closed with '}' on its line")
            }
            index += 1
            if byte == UInt8(ascii: "}") { return table.frozen() }
            guard byte == UInt8(ascii: ",") else { throw fail("expected ',' or '}' in the inline table") }
        }
    }

    mutating func array(depth: Int) throws(TOMLReadError) -> TOMLValue {
        let arrayLine = line
        index += 1
        var items: [TOMLValue] = []
        while true {
            try skipBlank()
            guard let byte = peek else { throw fail("the array is not closed with ']'") }
            if byte == UInt8(ascii: "]") {
                index += 1
                return .array(items, line: arrayLine)
            }
            items.append(try value(depth: depth + 1))
            try skipBlank()
            guard let next = peek else { throw fail("the array is not closed with ']'") }
            if next == UInt8(ascii: ",") {
                index += 1
            } else if next != UInt8(ascii: "]") {
                throw fail("expected ',' or ']' in the array")
            }
        }
    }

    /// Spaces, line breaks and comments inside an array.
    mutating func skipBlank() throws(TOMLReadError) {
        while let byte = peek {
            if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                index += 1
            } else if byte == 0x0A {
                index += 1
                line += 1
            } else if byte == UInt8(ascii: "#") {
                while let next = peek, next != 0x0A { index += 1 }
            } else {
                return
            }
        }
    }

    /// The node at `path` below `base` (the root by default), made where missing.
    @discardableResult
    func ensureTable(_ path: [String], line: Int, under base: Node? = nil) throws(TOMLReadError) -> Node {
        var node = base ?? root
        for part in path {
            switch node[part] {
            case nil:
                let child = Node(line: line)
                node.add(part, .table(child))
                node = child
            case .table(let existing)?:
                node = existing
            case .value(let other)?:
                throw fail("'\(part)' is already a value (line \(other.line)), not a table")
            }
        }
        return node
    }

    func insert(_ path: [String], _ value: TOMLValue, line: Int, under base: Node? = nil) throws(TOMLReadError) {
        guard let last = path.last else { return }
        let node = try ensureTable(Array(path.dropLast()), line: line, under: base)
        switch node[last] {
        case nil: node.add(last, .value(value))
        case .value(let existing)?: throw fail("the key '\(last)' is set twice (first on line \(existing.line))")
        case .table(let existing)?: throw fail("the key '\(last)' is already a table (line \(existing.line))")
        }
    }
}
