import Foundation
import ZTenantCore
import ZuoraAPI

#if canImport(Glibc)
import Glibc
#endif

/// Reads `$XDG_CONFIG_HOME/ztenant/keys.toml`: `action = "key"` or `action = ["key", "key"]`
/// per line, action names as ``KeyAction``'s raw values, keys as ``KeyName`` parses them.
///
/// A line that cannot be used (an unknown action or key, a key another action on the same
/// screen already has, a printable key for an editor action, which would stop it being typed)
/// is reported with the file and line, and that action keeps its default keys.
public enum KeyMapFile {
    /// The key map a file's text gives, and one sentence per line that was not used.
    public static func read(_ text: String, path: String) -> (map: KeyMap, problems: [String]) {
        let table: TOMLTable
        do {
            table = try TOMLReader.read(text)
        } catch {
            return (.defaults, ["\(path): \(error.description); using the default keys."])
        }
        var map = KeyMap.defaults
        var problems: [String] = []
        var rebound: [(KeyAction, [Key], Int)] = []
        for (name, value) in table.entries {
            let at = "\(path):\(value.line)"
            guard let action = KeyAction(rawValue: name) else {
                problems.append("\(at): unknown action '\(TextSanitizer.sanitize(name, limit: 40))'; the actions are listed in docs/tui.md (Keys).")
                continue
            }
            let texts: [String]
            switch value {
            case .string(let text, _): texts = [text]
            case .array(let items, _) where items.allSatisfy({ $0.string != nil }): texts = items.compactMap(\.string)
            default:
                problems.append("\(at): \(name) takes a key name or a list of them, e.g. \(name) = \"x\"; kept the default.")
                continue
            }
            var keys: [Key] = []
            var usable = true
            if texts.isEmpty {
                problems.append("\(at): \(name) needs at least one key; kept the default.")
                continue
            }
            for text in texts {
                guard let key = KeyName.parse(text) else {
                    problems.append("\(at): '\(TextSanitizer.sanitize(text, limit: 20))' is not a key that can be bound (x, ctrl+x but not ctrl+c/h/i/j/m, f2, enter, esc, tab, up, pgdown…); kept the default for \(name).")
                    usable = false
                    break
                }
                if action.scope == .editor || action.scope == .filter, case .character = key {
                    problems.append("\(at): \(name) needs a key that types nothing (ctrl+x, f2, tab…), or the letter could not be typed; kept the default.")
                    usable = false
                    break
                }
                keys.append(key)
            }
            if usable { rebound.append((action, keys, value.line)) }
        }
        // Rebind first, then look for clashes: two new bindings on one screen, or a new key
        // that an unchanged action still has. An action that clashes goes back to its defaults,
        // which may clash in turn: repeat until nothing changes.
        for (action, keys, _) in rebound { map.rebind(action, to: keys) }
        var reverted: Set<KeyAction> = []
        var changed = true
        while changed {
            changed = false
            for (action, keys, line) in rebound where !reverted.contains(action) {
                for key in keys {
                    if let other = map.conflict(for: key, with: action) {
                        problems.append("\(path):\(line): \(TextSanitizer.sanitize(KeyName.configName(key), limit: 20)) is also \(other.rawValue) on the \(action.scope.rawValue) screen; kept the defaults for \(action.rawValue).")
                        map.rebind(action, to: action.defaultKeys)
                        reverted.insert(action)
                        changed = true
                        break
                    }
                }
            }
        }
        return (map, problems)
    }

    /// The key map from a file, the defaults when it does not exist, and the problems found.
    public static func load(path: String) -> (map: KeyMap, problems: [String]) {
        let shown = TextSanitizer.sanitize(path, limit: 200)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            return errno == ENOENT ? (.defaults, []) : (.defaults, ["\(shown): cannot be read (\(String(cString: strerror(errno)))); using the default keys."])
        }
        defer { close(fd) }
        // A regular file only (not a FIFO or a device), and never more than the reader's cap.
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= TOMLReader.maxBytes else {
            return (.defaults, ["\(shown): not a regular file of at most \(TOMLReader.maxBytes / 1024) KiB; using the default keys."])
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count >= 0, count <= TOMLReader.maxBytes, let text = String(validating: bytes.prefix(count), as: UTF8.self) else {
            return (.defaults, ["\(shown): not a readable UTF-8 file of at most \(TOMLReader.maxBytes / 1024) KiB; using the default keys."])
        }
        return read(text, path: shown)
    }
}
