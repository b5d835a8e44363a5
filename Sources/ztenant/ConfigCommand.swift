import ArgumentParser
import Foundation
import ZTenantCore
import ZTenantThemes
import ZuoraAPI

/// `ztenant config`: the non-secret settings in `config.toml`.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show and change non-secret settings (theme, fleet rate, max wait) in config.toml.",
        discussion: "Settings live in $XDG_CONFIG_HOME/ztenant/config.toml and are read without the passphrase. A flag on the command line wins over the file; the file wins over the default. `set` and `unset` change only the setting's own line, so comments stay.",
        subcommands: [ConfigListCommand.self, ConfigGetCommand.self, ConfigSetCommand.self, ConfigUnsetCommand.self],
        defaultSubcommand: ConfigListCommand.self).subcommandOfZtenant()
}

/// `ztenant config list`: every setting, its value and where the value came from.
struct ConfigListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every setting, its value, and where the value came from.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let file = global.paths.configFile
        let settings = try global.settings()
        StandardOutput.line("# \(file)\(FileManager.default.fileExists(atPath: file) ? "" : " (not created yet: every value is the default)")")
        let keyWidth = Setting.allCases.map(\.key.count).max() ?? 8
        let valueWidth = max(8, Setting.allCases.map { settings.value($0).count }.max() ?? 8)
        for setting in Setting.allCases {
            let origin = settings.entries[setting].map { "line \($0.line)" } ?? "default"
            StandardOutput.line(DisplayWidth.pad(setting.key, to: keyWidth + 2) + DisplayWidth.pad(settings.value(setting), to: valueWidth + 2)
                + DisplayWidth.pad(origin, to: 10) + setting.summary)
        }
        for unknown in settings.unknownKeys {
            StandardError.write("ztenant: warning: \(file), line \(unknown.line): '\(TextSanitizer.sanitize(unknown.key, limit: 80))' is not a setting this version knows; it is ignored\n")
        }
    }
}

/// `ztenant config get KEY`: the value in force.
struct ConfigGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print one setting's value (the default when the file does not set it).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The setting: theme, rate or max-wait.")
    var key: String

    func run() async throws {
        let setting = try ConfigKey.resolve(key)
        StandardOutput.line(try global.settings().value(setting))
    }
}

/// `ztenant config set KEY VALUE`.
struct ConfigSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Change one setting (checked before the file is written).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The setting: theme, rate or max-wait.")
    var key: String

    @Argument(help: "Its new value.")
    var value: String

    func run() async throws {
        let setting = try ConfigKey.resolve(key)
        let paths = global.paths
        try setting.validate(value)
        if setting == .theme {
            let catalog = global.themeCatalog
            guard catalog.names.contains(value) else {
                let known = catalog.names.isEmpty ? "none were found" : catalog.names.joined(separator: ", ")
                throw CLIFailure("no theme named '\(TextSanitizer.sanitize(value, limit: 80))' (themes: \(known)); `ztenant themes` shows where each comes from.", exitCode: ExitStatus.usage)
            }
        }
        let written = try ConfigFile(path: paths.configFile).set(setting, to: value)
        StandardError.write("ztenant: \(setting.key) = \(written) (in \(paths.configFile))\n")
    }
}

/// `ztenant config unset KEY`.
struct ConfigUnsetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unset", abstract: "Remove one setting from the file, so its default applies.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The setting: theme, rate or max-wait.")
    var key: String

    func run() async throws {
        let setting = try ConfigKey.resolve(key)
        let removed = try ConfigFile(path: global.paths.configFile).unset(setting)
        StandardError.write("ztenant: \(setting.key) \(removed ? "removed" : "was not set"); the default \(setting.defaultValue) applies\n")
    }
}

/// Turns a key typed on the command line into a setting, or exit 2 with the known keys.
enum ConfigKey {
    static func resolve(_ key: String) throws -> Setting {
        do { return try Setting.named(key) } catch { throw CLIFailure(error.description, exitCode: ExitStatus.usage) }
    }
}
