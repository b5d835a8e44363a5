import ArgumentParser
import Foundation
import ZTenantCore

#if canImport(Glibc)
import Glibc
#endif

/// `ztenant rm`: delete a profile.
struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove a profile with its session and history.",
        discussion: "On a terminal it asks first (--yes skips the question); without a terminal it needs --yes. The vault generation before the removal stays in <vault>.bak until the next change.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The profile to remove.", completion: ProfileNameCompletion.kind)
    var name: String

    @Flag(name: [.short, .long], help: "Remove without asking (needed when there is no terminal to ask on).")
    var yes = false

    func run() async throws {
        // Refused before any passphrase is asked for: without a terminal nothing could confirm.
        if !yes, isatty(STDIN_FILENO) != 1 || isatty(STDERR_FILENO) != 1 {
            throw CLIFailure("not removed: there is no terminal to confirm on. Pass --yes to remove \(name) without asking.",
                exitCode: ExitStatus.usage)
        }
        let (vault, payload) = try global.openVaultForWriting()
        let profile = payload.profiles[try payload.indexOf(name)]
        if !yes {
            let history = try payload.history(of: name).count
            let session = payload.sessions[name] == nil ? "" : ", its session"
            StandardError.write("Remove \(name) (\(profile.environmentClass.badge) \(profile.host), user \(profile.user))\(session) and \(history) result(s) of history? [y/N] ")
            let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard answer == "y" || answer == "yes" else {
                StandardOutput.line("Kept \(name); nothing was removed.")
                return
            }
        }
        try vault.update { try $0.remove(name) }
        StandardOutput.line("Removed \(name). The previous vault is in \(vault.backupPath) until the next change.")
    }
}

/// `ztenant rename`: change a profile's name.
struct RenameCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rename",
        abstract: "Rename a profile, keeping its session, history and active mark.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The current name.", completion: ProfileNameCompletion.kind)
    var old: String

    @Argument(help: "The new name.")
    var new: String

    func run() async throws {
        let (vault, _) = try global.openVaultForWriting()
        try vault.update { try $0.rename(old, to: new) }
        StandardOutput.line("Renamed \(old) to \(new).")
    }
}
