import ArgumentParser
import CredentialVault
import ZTenantCore

/// `ztenant init`: create a vault.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty encrypted vault.",
        discussion: "The passphrase comes from --new-passphrase-fd, ZTENANT_NEW_PASSPHRASE, the ordinary passphrase sources (--passphrase-fd, ZTENANT_PASSPHRASE_FILE, ZTENANT_PASSPHRASE), or is asked twice on the terminal. At least 8 characters.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions
    @OptionGroup var newPassphrase: NewPassphraseOptions

    func run() async throws {
        let path = global.paths.vault
        let passphrase = try global.passphraseSource(newDescriptor: newPassphrase.newPassphraseFd)
            .newPassphrase(purpose: path, allowCurrentSources: true)
        let parameters = newPassphrase.parameters ?? .default
        _ = try Vault<VaultPayload>.create(at: path, passphrase: passphrase, parameters: parameters, payload: VaultPayload())
        StandardOutput.line("Created vault \(path) (\(parameters)).")
        StandardOutput.line("Add a profile: ztenant add NAME --url URL --user USER")
    }
}
