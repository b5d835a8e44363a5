import Foundation

/// `$XDG_CONFIG_HOME/ztenant/config.toml`: non-secret settings, read without the passphrase.
///
/// Changes edit the one line a setting is on, so comments and the order of the file survive;
/// every change is checked by reading the result back before it replaces the file.
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
        return try parse(text)
    }

    /// Sets `setting` to `value` (checked first), creating the file if needed.
    public func set(_ setting: Setting, to value: String) throws(ConfigError) {
        do { try setting.validate(value) } catch { throw ConfigError(path: path, line: nil, message: error.description) }
        let text = try readText() ?? "# ztenant settings: `ztenant config list` shows each one and its default.\n"
        let current = try parse(text)
        var lines = text.components(separatedBy: "\n")
        let written = "\(setting.key) = \(Self.literal(value, integer: setting.isInteger))"
        if let entry = current.entries[setting] {
            lines[entry.line - 1] = written
        } else {
            // Top-level keys must come before the first [table].
            let header = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("[") }
            if let header {
                lines.insert(written, at: header)
            } else {
                if lines.last == "" { lines.removeLast() }
                lines.append(written)
                lines.append("")
            }
        }
        var expected = current.entries
        expected[setting] = nil
        try replace(with: lines.joined(separator: "\n"), expecting: expected, plus: (setting, value))
    }

    /// Removes `setting` from the file; returns false when the file did not set it.
    @discardableResult
    public func unset(_ setting: Setting) throws(ConfigError) -> Bool {
        guard let text = try readText() else { return false }
        let current = try parse(text)
        guard let entry = current.entries[setting] else { return false }
        var lines = text.components(separatedBy: "\n")
        lines.remove(at: entry.line - 1)
        var expected = current.entries
        expected[setting] = nil
        try replace(with: lines.joined(separator: "\n"), expecting: expected, plus: nil)
        return true
    }

    // MARK: - Reading

    private func readText() throws(ConfigError) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard size <= TOMLReader.maxBytes else {
                throw ConfigError(path: path, line: nil, message: "the file is \(size) bytes long; a settings file is at most \(TOMLReader.maxBytes)")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(path: path, line: nil, message: "cannot be read: \((error as NSError).localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, line: nil, message: "is not UTF-8 text")
        }
        return text
    }

    private func parse(_ text: String) throws(ConfigError) -> ConfigSettings {
        let root: TOMLTable
        do { root = try TOMLReader.read(text) } catch { throw ConfigError(path: path, line: error.line, message: error.message) }
        var settings = ConfigSettings()
        for (key, value) in root.entries {
            guard let setting = Setting(rawValue: key) else {
                settings.unknownKeys.append((key, value.line))
                continue
            }
            let text: String
            switch (setting.isInteger, value) {
            case (true, .integer(let number, _)): text = String(number)
            case (false, .string(let string, _)): text = string
            default:
                let kind = setting.isInteger ? "a whole number, e.g. \(setting.key) = \(setting.defaultValue)" : "a quoted string, e.g. \(setting.key) = \"\(setting.defaultValue)\""
                throw ConfigError(path: path, line: value.line, message: "\(setting.key) must be \(kind)")
            }
            do { try setting.validate(text) } catch { throw ConfigError(path: path, line: value.line, message: error.description) }
            settings.entries[setting] = .init(value: text, line: value.line)
        }
        return settings
    }

    // MARK: - Writing

    /// Writes `text` after checking it reads back as `expected` plus the one change.
    private func replace(with text: String, expecting expected: [Setting: ConfigSettings.Entry], plus change: (Setting, String)?) throws(ConfigError) {
        let reread: ConfigSettings
        do { reread = try parse(text) } catch {
            throw ConfigError(path: path, line: error.line, message: "changing it by line would break the file (\(error.message)); edit it by hand")
        }
        var wanted = expected.mapValues(\.value)
        if let (setting, value) = change { wanted[setting] = value }
        guard reread.entries.mapValues(\.value) == wanted else {
            throw ConfigError(path: path, line: nil, message: "a setting spans several lines, so it cannot be changed by line; edit the file by hand")
        }
        do {
            let folder = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // Written beside the file and renamed over it: a crash leaves the old or the new file.
            // A symlinked file (dotfiles) keeps its link: the file it points at is replaced.
            try Data(text.utf8).write(to: URL(fileURLWithPath: path).resolvingSymlinksInPath(), options: .atomic)
        } catch {
            throw ConfigError(path: path, line: nil, message: "cannot be written: \((error as NSError).localizedDescription)")
        }
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
    /// The file.
    public var path: String
    /// The line at fault, when one is.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(path), line \($0)" } ?? path
        return "settings file \(place): \(message)"
    }
}
