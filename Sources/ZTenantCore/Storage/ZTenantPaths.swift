import Foundation

/// Where ztenant keeps its files, following the XDG base-directory rules.
public struct ZTenantPaths: Sendable, Hashable {
    /// The vault file.
    public var vault: String
    /// Where the vault path came from: `--vault`, `ZTENANT_VAULT` or the default.
    public var vaultSource: String
    /// The folder for non-secret settings and user themes.
    public var configFolder: String

    /// The backup beside the vault.
    public var backup: String { vault + ".bak" }
    /// The lock file beside the vault.
    public var lock: String { vault + ".lock" }
    /// Non-secret settings.
    public var configFile: String { configFolder + "/config.toml" }
    /// User themes, which override bundled ones by name.
    public var themesFolder: String { configFolder + "/themes" }
    /// The TUI's key bindings (docs/tui.md, Keys).
    public var keysFile: String { configFolder + "/keys.toml" }

    /// Resolves the paths from an explicit `--vault` and the environment.
    public static func resolve(vault explicit: String?, environment: [String: String]) -> ZTenantPaths {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.local/share"
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.config"
        let vault: String
        let source: String
        if let explicit, !explicit.isEmpty {
            vault = absolute(explicit)
            source = "--vault"
        } else if let variable = environment["ZTENANT_VAULT"], !variable.isEmpty {
            vault = absolute(variable)
            source = "ZTENANT_VAULT"
        } else {
            vault = dataHome + "/ztenant/vault.ztv"
            source = "default"
        }
        return ZTenantPaths(vault: vault, vaultSource: source, configFolder: configHome + "/ztenant")
    }

    private static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}
