import ArgumentParser
import CProcessControl
import CredentialVault
import Foundation
import ZTenantAgent
import ZTenantCore
import ZTenantTUI
import ZTenantThemes
import ZuoraAPI

/// `ztenant` / `ztenant tui`: the full-screen interface.
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "The full-screen interface (the default command).",
        discussion: "Opens the vault (creating one if there is none). If a passphrase source is set (--passphrase-fd, ZTENANT_PASSPHRASE_FILE, ZTENANT_PASSPHRASE) it unlocks at once; otherwise it asks. Press ? inside for every key.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("Lock after this many idle minutes (default 10).", valueName: "minutes"))
    var autoLock: Int?

    @Flag(help: "Use, copy or open a shell on production profiles without asking first (also: the tui.prod-guard setting).")
    var noProdGuard = false

    @Option(help: ArgumentHelp("scrypt cost as log2(N) for a vault created here, 10 to 20 (default 17).", valueName: "n"))
    var kdfLogN: UInt8?

    func validate() throws {
        if let kdfLogN, !(KDFParameters.minLogN...KDFParameters.maxLogN).contains(kdfLogN) {
            throw ValidationError("--kdf-log-n must be between \(KDFParameters.minLogN) and \(KDFParameters.maxLogN)")
        }
        if let autoLock, !(1...1440).contains(autoLock) {
            throw ValidationError("--auto-lock must be 1–1440 minutes")
        }
    }

    func run() async throws {
        // No new malloc arenas from here on, before the HTTP client starts its threads (the
        // main thread and this task's worker may already have one each): with one per
        // thread, memory freed in one thread's arena is not reused by another's, and the peak
        // is their sum. Measured A/B (docs/benchmarks.md, TUI): about 0.6 MiB lower peak, no
        // change in key-to-frame latency during a check.
        _ = ztenant_limit_malloc_arenas(1)
        let paths = global.paths
        let exists = FileManager.default.fileExists(atPath: paths.vault)
        // Before the screen asks for any passphrase, new or old.
        try ProcessHardening.apply()
        if exists { try Vault<VaultPayload>.checkPermissions(paths.vault) }
        let settings = try global.settings()
        let status = try await connection.withClient { client in
            try await run(paths: paths, exists: exists, settings: settings, client: client)
        }
        if status != 0 { throw ExitCode(status) }
    }

    private func run(paths: ZTenantPaths, exists: Bool, settings: ConfigSettings, client: ConnectionClient) async throws -> Int32 {
        let queue = EventQueue()
        let agent = global.agent
        let agentClient = agent.client
        let environment = global.environment
        // The unlock screen's offer (docs/agent.md): what `ztenant unlock` would do.
        var keep: (@Sendable (Vault<VaultPayload>) throws -> String)?
        if let agentClient {
            let idle = settings.agentIdleSeconds, maximum = settings.agentMaximumSeconds
            keep = { @Sendable (vault: Vault<VaultPayload>) throws -> String in
                let kept = try AgentVaultAccess.keepUnlocked(vault, client: agentClient, executable: ExecutableLocation.current(),
                    environment: environment, idleSeconds: idle, maximumSeconds: maximum)
                let warning = kept.memoryLockProblem.map { " Warning: \($0)" } ?? ""
                return "Kept unlocked in the agent: \(kept.deadlines).\(warning)"
            }
        }
        let runner = EffectRunner(queue: queue, vaultPath: paths.vault, client: client,
            kdfParameters: kdfLogN.map { KDFParameters(logN: $0) } ?? .default,
            configFile: ConfigFile(path: paths.configFile), settings: settings, keepInAgent: keep)
        let catalog = global.themeCatalog
        let color = global.colorAllowed
        var state = AppState(phase: exists ? .locked : .creating, vaultPath: paths.vault, themeNames: catalog.names,
            themeName: settings.theme, size: TerminalSize(rows: 24, columns: 80), now: Date(), autoLockSeconds: (autoLock ?? 10) * 60)
        state.themeChosen = settings.themeIsSet
        state.order = settings.tuiSort
        state.grouping = settings.tuiGroup
        state.productionGuard = !noProdGuard && settings.productionGuard
        let (keyMap, keyProblems) = KeyMapFile.load(path: paths.keysFile)
        state.keyMap = keyMap
        if let first = keyProblems.first {
            // Reported before the screen takes over (so each stays in the scrollback) and on
            // the first screen; the actions concerned keep their default keys.
            for problem in keyProblems { StandardError.write("ztenant: \(problem)\n") }
            state.keyProblem = keyProblems.count == 1 ? first : "\(first) (and \(keyProblems.count - 1) more on stderr)"
        }
        if agentClient != nil {
            state.agentOffer = "idle \(AgentClock.duration(settings.agentIdleSeconds)), max \(AgentClock.duration(settings.agentMaximumSeconds))"
        }
        // The agent's key first (docs/agent.md): no prompt when the vault is unlocked there.
        if exists, case .opened(let vault, let payload)? = try? agent.open(path: paths.vault, touch: true) {
            runner.adopt(vault)
            state.unlocking = true
            queue.post(.unlocked(payload))
        } else if exists, let passphrase = try? global.passphraseSource(prompt: { _ in nil }).passphrase(for: paths.vault)
        {
            state.unlocking = true
            runner.run(.unlock(passphrase: passphrase))
        }
        let app = TUIApplication(state: state, runner: runner, queue: queue, catalog: catalog, monochrome: !color)
        do {
            return try await TerminalSession.run(app, queue: queue, color: color)
        } catch {
            throw CLIFailure("\(error)", exitCode: ExitStatus.usage)
        }
    }
}
