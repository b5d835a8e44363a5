import ArgumentParser
import ZTenantAgent
import ZTenantCore

/// `ztenant rekey`: change the vault passphrase.
struct RekeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey",
        abstract: "Change the vault's passphrase: a new data key, salt and (optionally) KDF cost; the backups are resealed too.",
        discussion: "The current passphrase comes from the usual sources; the new one from --new-passphrase-fd, ZTENANT_NEW_PASSPHRASE, or is asked twice.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions
    @OptionGroup var newPassphrase: NewPassphraseOptions

    func run() async throws {
        // A new passphrase needs the current one, not the agent's key (docs/agent.md).
        var options = global
        options.noAgent = true
        let (vault, _) = try options.openVault()
        let passphrase = try global.passphraseSource(newDescriptor: newPassphrase.newPassphraseFd)
            .newPassphrase(purpose: vault.path, allowCurrentSources: false)
        let backups = try vault.rekeyAll(to: passphrase, parameters: newPassphrase.parameters)
        // The old data key still opens copies made before: the agent forgets it now rather
        // than at the next command (best effort; a command would notice the mismatch anyway).
        _ = try? global.agent.client?.lock(path: AgentVaultAccess.keyPath(for: vault.path), reason: .rekeyed)
        StandardOutput.line("Rekeyed \(vault.path) (\(vault.parameters), a new data key). The old passphrase no longer opens it.")
        // The previous generation, then any format 1 copy kept when the vault was converted.
        for backup in backups {
            switch backup {
            case .none:
                break
            case .resealed(let path):
                StandardOutput.line("The backup \(path) was resealed under the new passphrase; the old one does not open it either.")
            case .removed(let path):
                StandardOutput.line("The backup \(path) did not open with this vault's key, so it was removed rather than left readable with the old passphrase.")
            }
        }
        StandardOutput.line("Copies made earlier (exports, other backups) still open with the old passphrase; delete them or keep them as safe as the old passphrase.")
    }
}
