import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `$XDG_CONFIG_HOME/ztenant/config.toml`: non-secret settings, read without the passphrase.
///
/// Changes edit only the value on the line a setting is on, so indentation, comments (on that
/// line too), line endings, the order of the file and keys this version does not know all
/// survive. Every change is read back and compared line by line before it replaces the file;
/// writers take an advisory lock on the folder, so two changes at once both land.
public struct ConfigFile: Sendable {
    /// The file.
    public let path: String

    /// A config file at `path` (it need not exist).
    public init(path: String) {
        self.path = path
    }

    /// Reads the settings. A missing file is no settings; a broken one throws, naming the line.
    public func load() throws(ConfigError) -> ConfigSettings {
        guard let text = try readText() else { return ConfigSettings() }
        return try validate(try scan(text))
    }

    /// Sets `setting` to `value`, creating the file if needed. The value is checked first and
    /// written in its canonical form (`0060` → `60`, `90/MIN` → `90/min`). A wrong value already
    /// in the file is replaced, so `set` repairs what `load` refuses.
    /// - Returns: the value as written.
    @discardableResult
    public func set(_ setting: Setting, to value: String) throws(ConfigError) -> String {
        let canonical: String
        do { canonical = try setting.canonical(value) } catch { throw ConfigError(path: path, line: nil, message: error.description, kind: .value) }
        try withLock { () throws(ConfigError) in
            let text = try readText() ?? "# ztenant settings: `ztenant config list` shows each one and its default.\n"
            let before = try scan(text)
            var lines = Self.lines(text)
            let literal = Self.literal(canonical, integer: setting.isInteger)
            let edit: Edit
            if let entry = before.entries.first(where: { $0.setting == setting }) {
                lines[entry.line - 1] = Self.replacingValue(in: lines[entry.line - 1], key: setting.key, with: literal)
                edit = .changed(entry.line - 1)
            } else {
                let ending = lines.first?.hasSuffix("\r") == true ? "\r" : ""
                // Top-level keys must come before the first [table]; else before the final
                // newline (or at the end of a file that has none).
                let index = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("[") }
                    ?? (lines.last == "" ? lines.count - 1 : lines.count)
                lines.insert("\(setting.key) = \(literal)" + ending, at: index)
                edit = .inserted(index)
            }
            try replace(old: Self.lines(text), new: lines, edit: edit, setting: setting, expected: canonical, before: before)
        }
        return canonical
    }

    /// Removes `setting` from the file (also when its value is wrong); returns false when the
    /// file did not set it.
    @discardableResult
    public func unset(_ setting: Setting) throws(ConfigError) -> Bool {
        try withLock { () throws(ConfigError) -> Bool in
            guard let text = try readText() else { return false }
            let before = try scan(text)
            guard let entry = before.entries.first(where: { $0.setting == setting }) else { return false }
            var lines = Self.lines(text)
            lines.remove(at: entry.line - 1)
            try replace(old: Self.lines(text), new: lines, edit: .removed(entry.line - 1), setting: setting, expected: nil, before: before)
            return true
        }
    }

    // MARK: - Reading

    /// What a syntactically valid file holds, before values are checked.
    struct Scan {
        struct Entry {
            var setting: Setting
            var value: TOMLValue
            var line: Int
        }
        var entries: [Entry] = []
        var unknownKeys: [(key: String, line: Int)] = []
    }

    private func readText() throws(ConfigError) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return nil }
            throw ConfigError(path: path, line: nil, message: "cannot be read: \(String(cString: strerror(errno)))", kind: .io)
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw ConfigError(path: path, line: nil, message: "is not a regular file; move it aside so ztenant can create its settings file there", kind: .io)
        }
        guard Int(status.st_size) <= TOMLReader.maxBytes else {
            throw ConfigError(path: path, line: nil, message: "the file is \(status.st_size) bytes long; a settings file is at most \(TOMLReader.maxBytes)", kind: .syntax)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, line: nil, message: "cannot be read: \(String(cString: strerror(errno)))", kind: .io)
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, line: nil, message: "is not UTF-8 text", kind: .syntax)
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// The keys of the root table with their lines; throws only for TOML that does not parse.
    private func scan(_ text: String) throws(ConfigError) -> Scan {
        let root: TOMLTable
        do { root = try TOMLReader.read(text) } catch {
            throw ConfigError(path: path, line: error.line, message: error.message + "; correct that line", kind: .syntax)
        }
        var scan = Scan()
        // Keys of tables (`[agent]` with `idle = …`, or `agent.idle = …`) are read as dotted keys.
        var pending = root.entries.map { (key: $0.key, value: $0.value) }
        while !pending.isEmpty {
            let (key, value) = pending.removeFirst()
            if let setting = Setting(rawValue: key) {
                scan.entries.append(.init(setting: setting, value: value, line: value.line))
            } else if let table = value.table {
                pending.insert(contentsOf: table.entries.map { (key: key + "." + $0.key, value: $0.value) }, at: 0)
            } else {
                scan.unknownKeys.append((key, value.line))
            }
        }
        return scan
    }

    /// Checks every known setting's type and value.
    private func validate(_ scan: Scan) throws(ConfigError) -> ConfigSettings {
        var settings = ConfigSettings()
        settings.unknownKeys = scan.unknownKeys
        for entry in scan.entries {
            let setting = entry.setting
            let repair = "fix it with `ztenant config set \(setting.key) VALUE` or `ztenant config unset \(setting.key)`"
            let text: String
            switch (setting.isInteger, entry.value) {
            case (true, .integer(let number, _)): text = String(number)
            case (false, .string(let string, _)): text = string
            default:
                let kind = setting.isInteger ? "a whole number, e.g. \(setting.key) = \(setting.defaultValue)" : "a quoted string, e.g. \(setting.key) = \"\(setting.defaultValue)\""
                throw ConfigError(path: path, line: entry.line, message: "\(setting.key) must be \(kind); \(repair)", kind: .value)
            }
            do { try setting.validate(text) } catch {
                throw ConfigError(path: path, line: entry.line, message: "\(error.description); \(repair)", kind: .value)
            }
            settings.entries[setting] = .init(value: text, line: entry.line)
        }
        return settings
    }

    // MARK: - Writing

    /// The one line a change touches.
    enum Edit {
        case changed(Int)
        case inserted(Int)
        case removed(Int)
    }

    /// Writes `new` after checking that it parses, that every line but the one changed,
    /// inserted or removed is byte for byte what it was, and that the setting reads back as
    /// `expected` (nil: gone) while every other key keeps its value.
    private func replace(old: [String], new: [String], edit: Edit, setting: Setting, expected: String?, before: Scan) throws(ConfigError) {
        var kept = old
        var written = new
        switch edit {
        case .changed(let index):
            kept.remove(at: index)
            written.remove(at: index)
        case .inserted(let index):
            written.remove(at: index)
        case .removed(let index):
            kept.remove(at: index)
        }
        let text = new.joined(separator: "\n")
        let after: Scan
        do { after = try scan(text) } catch {
            throw ConfigError(path: path, line: error.line, message: "changing \(setting.key) by its line would break the file (\(error.message)); edit the file by hand", kind: .syntax)
        }
        func others(_ scan: Scan) -> [String] {
            scan.entries.filter { $0.setting != setting }.map { "\($0.setting.key)=\(Self.plain($0.value))" } + scan.unknownKeys.map(\.key)
        }
        let readBack = after.entries.first { $0.setting == setting }.map { entry -> String? in
            switch entry.value {
            case .string(let value, _): value
            case .integer(let value, _): String(value)
            default: nil
            }
        }
        guard kept == written, others(after) == others(before), readBack == expected.map(Optional.some) else {
            throw ConfigError(path: path, line: nil, message: "\(setting.key) is written over several lines, so it cannot be changed by its line; edit the file by hand", kind: .syntax)
        }
        try write(text)
    }

    /// Replaces the file: a temporary file beside it (same mode as the old file, 0644 for a
    /// new one) is written, synced and renamed over it. A symlinked file keeps its link: the
    /// file it points at is replaced, even when that file does not exist yet.
    private func write(_ text: String) throws(ConfigError) {
        let target = Self.followingLinks(path)
        let folder = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ConfigError(path: path, line: nil, message: "cannot create the folder \(folder): \((error as NSError).localizedDescription)", kind: .io)
        }
        var status = stat()
        let mode = stat(target, &status) == 0 ? mode_t(status.st_mode & 0o7777) : 0o644
        let temporary = folder + "/.config.toml.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw ConfigError(path: path, line: nil, message: "cannot be written (\(folder): \(String(cString: strerror(errno))))", kind: .io)
        }
        var bytes = Array(text.utf8)[...]
        var failure: Int32 = 0
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            bytes = bytes.dropFirst(count)
        }
        _ = fchmod(descriptor, mode)
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        if failure == 0, rename(temporary, target) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw ConfigError(path: path, line: nil, message: "cannot be written: \(String(cString: strerror(failure)))", kind: .io)
        }
    }

    /// Holds an advisory lock on the settings folder while `body` reads, edits and writes.
    private func withLock<Result>(_ body: () throws(ConfigError) -> Result) throws(ConfigError) -> Result {
        let folder = (Self.followingLinks(path) as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ConfigError(path: path, line: nil, message: "cannot open its folder \(folder): \(String(cString: strerror(errno)))", kind: .io)
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { break }
        }
        return try body()
    }

    /// A value without its line numbers, to compare a file before and after an edit.
    static func plain(_ value: TOMLValue) -> String {
        switch value {
        case .string(let string, _): "s:" + string
        case .integer(let number, _): "i:\(number)"
        case .boolean(let flag, _): "b:\(flag)"
        case .array(let items, _): "[" + items.map(plain).joined(separator: ",") + "]"
        case .table(let table): "{" + table.entries.map { "\($0.key)=\(plain($0.value))" }.joined(separator: ",") + "}"
        }
    }

    /// The path with every symlink followed, also to a file that does not exist yet.
    static func followingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<16 {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = destination.hasPrefix("/") ? destination : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
        }
        return current
    }

    /// The file's lines split at `\n` only, so a `\r` stays with its line (CRLF files keep their endings).
    static func lines(_ text: String) -> [String] {
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The line with its value replaced and everything around it (indentation, the key as
    /// written, spacing, a comment, a `\r`) kept; the whole line rewritten when the value's
    /// extent cannot be found.
    static func replacingValue(in line: String, key: String, with literal: String) -> String {
        let scalars = Array(line.unicodeScalars)
        guard let equals = scalars.firstIndex(of: "=") else { return "\(key) = \(literal)" }
        var start = equals + 1
        while start < scalars.count, scalars[start] == " " || scalars[start] == "\t" { start += 1 }
        guard start < scalars.count else { return "\(key) = \(literal)" }
        var end = start
        if scalars[start] == "\"" || scalars[start] == "'" {
            let quote = scalars[start]
            end = start + 1
            while end < scalars.count, scalars[end] != quote {
                if quote == "\"", scalars[end] == "\\" { end += 1 }
                end += 1
            }
            guard end < scalars.count else { return "\(key) = \(literal)" }
            end += 1
        } else {
            while end < scalars.count, !" \t#\r".unicodeScalars.contains(scalars[end]) { end += 1 }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[..<start])
        result.append(contentsOf: literal.unicodeScalars)
        result.append(contentsOf: scalars[end...])
        return String(result)
    }

    static func literal(_ value: String, integer: Bool) -> String {
        if integer { return value }
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"\(escaped)\""
    }
}

/// A settings file that cannot be read, written or understood.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for the exit code: a file that does not parse or a value that is
    /// wrong is the user's to fix (usage); a file that cannot be read or written is not.
    public enum Kind: Sendable, Equatable {
        /// The TOML does not parse, or a change cannot be made by line.
        case syntax
        /// A setting's value is wrong.
        case value
        /// The file or its folder cannot be read or written.
        case io
    }

    /// The file.
    public var path: String
    /// The line at fault, when one is.
    public var line: Int?
    /// What is wrong, and what to do.
    public var message: String
    /// The kind of failure.
    public var kind: Kind

    /// Creates an error.
    public init(path: String, line: Int?, message: String, kind: Kind = .syntax) {
        self.path = path
        self.line = line
        self.message = message
        self.kind = kind
    }

    public var description: String {
        let place = line.map { "\(path), line \($0)" } ?? path
        return "settings file \(place): \(message)"
    }
}
