import ArgumentParser
import CredentialVault
import Foundation
import ZTenantAgent
import ZTenantCore
import ZTenantThemes
import ZuoraAPI

/// Options every vault command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The vault file (default: $ZTENANT_VAULT, else $XDG_DATA_HOME/ztenant/vault.ztv).", valueName: "path"))
    var vault: String?

    @Option(name: .long, help: ArgumentHelp("Read the vault passphrase from this open file descriptor.", valueName: "n"))
    var passphraseFd: Int32?

    @Flag(name: .long, help: "No colour (also: NO_COLOR).")
    var noColor = false

    @Flag(name: .long, help: "Do not ask the agent for the vault's key (also: ZTENANT_NO_AGENT=1).")
    var noAgent = false

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Whether colour is allowed at all: not with `--no-color` or a non-empty `NO_COLOR`.
    var colorAllowed: Bool { Self.colorAllowed(noColor: noColor, environment: environment) }

    static func colorAllowed(noColor: Bool, environment: [String: String]) -> Bool {
        !noColor && environment["NO_COLOR"].map(\.isEmpty) != false
    }

    var paths: ZTenantPaths { ZTenantPaths.resolve(vault: vault, environment: environment) }

    /// The agent, unless `--no-agent` or `ZTENANT_NO_AGENT=1`.
    var agent: AgentVaultAccess { AgentVaultAccess.resolve(environment: environment, disabled: noAgent) }

    /// The agent's client whatever `--no-agent` says (`unlock`, `lock`, `agent …` talk to it).
    var agentClient: AgentClient { AgentClient(location: AgentLocation.resolve(environment: environment)) }

    /// The themes: bundled ones beside the running binary, overridden by the user's.
    var themeCatalog: ThemeCatalog {
        ThemeCatalog(userFolder: paths.themesFolder, executablePath: ExecutableLocation.current(), environment: environment)
    }

    /// The settings in `config.toml` (defaults when there is none); a broken file stops the
    /// command with its path and line (exit 2).
    func settings() throws -> ConfigSettings {
        return try ConfigFile(path: paths.configFile).load()
    }

    /// The passphrase sources in order; warnings (a passphrase file others can read) go to
    /// standard error.
    func passphraseSource(newDescriptor: Int32? = nil,
        prompt: @escaping PassphraseSource.Prompt = { try SecretInput.promptIfTerminal($0) }) -> PassphraseSource
    {
        PassphraseSource(descriptor: passphraseFd, newDescriptor: newDescriptor, environment: environment,
            warn: { StandardError.write("ztenant: warning: \($0)\n") }, prompt: prompt)
    }

    /// Opens the vault for a command that will change it: a vault a newer build wrote is
    /// refused here, before any login is made or anything is asked, instead of at the write.
    func openVaultForWriting() throws -> (vault: Vault<VaultPayload>, payload: VaultPayload) {
        let opened = try openVault()
        if let reason = opened.payload.writeRefusal { throw VaultError.readOnly(path: opened.vault.path, reason: reason) }
        return opened
    }

    /// Opens the vault, asking for the passphrase from the first source found.
    func openVault() throws -> (vault: Vault<VaultPayload>, payload: VaultPayload) {
        let path = paths.vault
        do {
            // Check existence and permissions before asking for a passphrase that cannot help.
            for warning in try Vault<VaultPayload>.checkPermissions(path) {
                StandardError.write("ztenant: warning: \(warning)\n")
            }
            // The agent first (docs/agent.md): a command a person ran slides its idle deadline.
            let agentNote: String?
            switch try agent.open(path: path, touch: true) {
            case .opened(let vault, let payload):
                return (vault, payload)
            case .unavailable(let note, let warning):
                if let warning { StandardError.write("ztenant: warning: \(warning)\n") }
                agentNote = note
            }
            let source = passphraseSource(prompt: { question in
                // Said before a prompt, so the person knows why they are asked again.
                if let agentNote, SecretInput.hasTerminal { StandardError.write("ztenant: \(agentNote); asking for the passphrase\n") }
                return try SecretInput.promptIfTerminal(question)
            })
            let passphrase: Passphrase
            do {
                passphrase = try source.passphrase(for: path)
            } catch PassphraseError.noSource where agentNote != nil {
                throw CLIFailure("\(agentNote ?? ""). No passphrase source and no terminal to ask on: run `ztenant unlock` again, or give --passphrase-fd, ZTENANT_PASSPHRASE_FILE or ZTENANT_PASSPHRASE.",
                    exitCode: ExitStatus.locked)
            }
            let opened = try Vault<VaultPayload>.open(at: path, passphrase: passphrase)
            // Said once: after this write the vault is format 2 and nothing converts again.
            opened.vault.whenConverted { notice in StandardError.write("ztenant: \(notice)\n") }
            return opened
        } catch VaultError.missing(let missing) where missing == path && vault != nil {
            // Named with --vault: the command that creates it must name it too.
            throw CLIFailure("no vault at \(path). Create one with `ztenant init --vault \(path)`, or check the path.",
                exitCode: ExitStatus.locked)
        } catch {
            throw CLIFailure.from(error)
        }
    }
}

/// Options of commands that make a login call.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds one login may take, 0.1 to 600, fractions allowed (default 30; connecting takes at most 10 of them).", valueName: "seconds"))
    var timeout: Double?

    @Option(help: ArgumentHelp("A PEM file of extra CA certificates to trust, for private endpoints.", valueName: "pem"))
    var caFile: String?

    func validate() throws {
        if let timeout, !(timeout >= 0.1 && timeout <= 600) {
            throw ValidationError("--timeout must be from 0.1 to 600 seconds (got \(timeout.formatted()))")
        }
    }

    /// The client configuration these options describe.
    var clientConfiguration: ConnectionClient.Configuration {
        var timeouts = ConnectionClient.Timeouts()
        if let timeout {
            let total = Duration.milliseconds(Int64(timeout * 1000))
            timeouts = .init(connect: min(.seconds(10), total), total: total)
        }
        return .init(timeouts: timeouts, caFile: caFile)
    }

    /// Runs `body` with a client that is shut down however `body` ends.
    func withClient<Result: Sendable>(_ body: (ConnectionClient) async throws -> Result) async throws -> Result {
        do {
            return try await ConnectionClient.withConnectionClient(configuration: clientConfiguration, body)
        } catch let error as ConnectionClientError {
            throw CLIFailure(error.description, exitCode: ExitStatus.usage)
        }
    }
}

/// Where a new passphrase comes from (`init`, `rekey`, `export`).
struct NewPassphraseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Read the new passphrase from this open file descriptor (else ZTENANT_NEW_PASSPHRASE, else asked twice).", valueName: "n"))
    var newPassphraseFd: Int32?

    @Option(name: .long, help: ArgumentHelp("scrypt cost as log2(N), 10 to 20 (default 17). Lower is faster to unlock and cheaper to attack.", valueName: "n"))
    var kdfLogN: UInt8?

    func validate() throws {
        if let kdfLogN, !(KDFParameters.minLogN...KDFParameters.maxLogN).contains(kdfLogN) {
            throw ValidationError("--kdf-log-n must be between \(KDFParameters.minLogN) and \(KDFParameters.maxLogN)")
        }
    }

    var parameters: KDFParameters? { kdfLogN.map { KDFParameters(logN: $0) } }
}
