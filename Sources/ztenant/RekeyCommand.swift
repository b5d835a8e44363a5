import ArgumentParser
import ZTenantCore

/// `ztenant rekey`: change the vault passphrase.
struct RekeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey",
        abstract: "Change the vault's passphrase (a new salt; optionally new KDF cost).",
        discussion: "The current passphrase comes from the usual sources; the new one from --new-passphrase-fd, ZTENANT_NEW_PASSPHRASE, or is asked twice.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var newPassphrase: NewPassphraseOptions

    func run() async throws {
        let (vault, _) = try global.openVault()
        do {
            let passphrase = try global.passphraseSource(newDescriptor: newPassphrase.newPassphraseFd)
                .newPassphrase(purpose: vault.path, allowCurrentSources: false)
            try vault.rekey(to: passphrase, parameters: newPassphrase.parameters)
            StandardOutput.line("Rekeyed \(vault.path) (\(vault.parameters)). The old passphrase no longer opens it.")
        } catch {
            throw CLIFailure.from(error)
        }
    }
}
