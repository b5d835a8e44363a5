import ArgumentParser
import ZTenantCore

/// `ztenant rm`: delete a profile.
struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove a profile with its session and history.",
        discussion: "The vault generation before the removal stays in <vault>.bak until the next change.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The profile to remove.")
    var name: String

    func run() async throws {
        let (vault, _) = try global.openVault()
        try vault.update { try $0.remove(name) }
        StandardOutput.line("Removed \(name). The previous vault is in \(vault.backupPath) until the next change.")
    }
}

/// `ztenant rename`: change a profile's name.
struct RenameCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rename",
        abstract: "Rename a profile, keeping its session, history and active mark.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The current name.")
    var old: String

    @Argument(help: "The new name.")
    var new: String

    func run() async throws {
        let (vault, _) = try global.openVault()
        try vault.update { try $0.rename(old, to: new) }
        StandardOutput.line("Renamed \(old) to \(new).")
    }
}
