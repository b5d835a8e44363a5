import Foundation
import ZTenantCore

/// Finds themes: the bundled `themes/*.toml`, overridden by name by the user's
/// `$XDG_CONFIG_HOME/ztenant/themes/*.toml`.
///
/// Bundled themes are looked for, in order, in `$ZTENANT_THEMES_DIR`, `<bin>/../share/ztenant/themes`
/// (an installed binary), `<bin>/themes`, and the `themes/` folder of the source checkout the
/// binary was built in (`swift run`).
public struct ThemeCatalog: Sendable {
    /// One theme file found.
    public struct Entry: Sendable, Hashable {
        /// The theme's name.
        public var name: String
        /// Its file.
        public var path: String
        /// `bundled` or `user`.
        public var origin: String
    }

    /// Every theme by name (user entries replace bundled ones), sorted with `default` first.
    public let entries: [Entry]

    /// Scans the folders.
    public init(userFolder: String, executablePath: String, environment: [String: String]) {
        var byName: [String: Entry] = [:]
        if let bundled = Self.bundledFolder(executablePath: executablePath, environment: environment) {
            for (name, path) in Self.files(in: bundled) { byName[name] = Entry(name: name, path: path, origin: "bundled") }
        }
        for (name, path) in Self.files(in: userFolder) { byName[name] = Entry(name: name, path: path, origin: "user") }
        entries = byName.values.sorted { ($0.name == "default" ? "" : $0.name) < ($1.name == "default" ? "" : $1.name) }
    }

    /// Names in cycling order.
    public var names: [String] { entries.map(\.name) }

    /// Loads a theme by name. A missing or broken theme falls back to `default` (then to the
    /// built-in monochrome theme) and the problem is returned for the user to see.
    public func load(_ name: String) -> (theme: Theme, problem: String?) {
        var problem: String?
        for candidate in [name, "default"] {
            guard let entry = entries.first(where: { $0.name == candidate }) else {
                if candidate == name { problem = "no theme named '\(name)'; using default" }
                continue
            }
            do {
                let size = (try? FileManager.default.attributesOfItem(atPath: entry.path)[.size] as? Int) ?? 0
                guard size <= TOMLReader.maxBytes else {
                    throw ThemeError(path: entry.path, line: nil, message: "the file is \(size) bytes long; a theme is at most \(TOMLReader.maxBytes)")
                }
                let text = try String(contentsOfFile: entry.path, encoding: .utf8)
                return (try Theme.parse(text, name: entry.name, source: entry.path), problem)
            } catch let error as ThemeError {
                problem = problem ?? "\(error); using default"
            } catch {
                problem = problem ?? "theme \(entry.path): \(error.localizedDescription); using default"
            }
        }
        return (.monochrome, problem ?? "no bundled themes found; using monochrome")
    }

    static func bundledFolder(executablePath: String, environment: [String: String]) -> String? {
        var candidates: [String] = []
        if let override = environment["ZTENANT_THEMES_DIR"], !override.isEmpty { candidates.append(override) }
        let binary = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(binary.appendingPathComponent("../share/ztenant/themes").standardized.path)
        candidates.append(binary.appendingPathComponent("themes").path)
        var folder = binary
        for _ in 0..<6 {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                candidates.append(folder.appendingPathComponent("themes").path)
                break
            }
            folder = folder.deletingLastPathComponent()
        }
        return candidates.first { !files(in: $0).isEmpty }
    }

    static func files(in folder: String) -> [(String, String)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasSuffix(".toml") }.sorted().map { (String($0.dropLast(5)), folder + "/" + $0) }
    }
}
