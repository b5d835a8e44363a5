import ArgumentParser
import CredentialVault
import Foundation
import ZTenantCore
import ZTenantTUI
import ZTenantThemes
import ZuoraAPI
import ZuoraMock

/// `ztenant demo`: the TUI on a throwaway vault against an embedded mock Zuora.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Try the TUI with no Zuora account: a throwaway vault of demo profiles against a built-in mock Zuora.",
        discussion: "Some demo profiles log in; the others fail in each of the ways Zuora fails (wrong password, entity error, rate limit, server error, bad gateway, redirect, timeout, connection cut). Press C to check them all. Everything is deleted on exit. The demo vault's passphrase is 'demo passphrase' (press L to lock and try it).").subcommandOfZtenant()

    @Flag(help: "No colour (also: NO_COLOR).")
    var noColor = false

    @Flag(help: "Use, copy or open a shell on production profiles without asking first.")
    var noProdGuard = false

    static let passphrase = "demo passphrase"

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = try await MockZuoraServer.start(configuration: .demo)
        // The rate-limited tenant gets its own loopback address: ztenant stops calling a host
        // that answered 429, and the other demo failures should still be seen.
        let limitedServer = try await MockZuoraServer.start(configuration: .demo, host: "127.0.0.2", shared: server.zuora)
        let vaultPath = folder + "/vault.ztv"
        let vault = try Vault<VaultPayload>.create(at: vaultPath, passphrase: Passphrase(Self.passphrase),
            parameters: KDFParameters(logN: 12), payload: Self.payload(baseURL: server.baseURL, limitedBaseURL: limitedServer.baseURL))
        let status: Int32
        do {
            status = try await ConnectionClient.withConnectionClient(
                configuration: .init(timeouts: .init(connect: .seconds(2), total: .seconds(4)))
            ) { client in
                try await Self.present(vault: vault, vaultPath: vaultPath, client: client, noColor: noColor, productionGuard: !noProdGuard)
            }
        } catch {
            await server.shutdown()
            await limitedServer.shutdown()
            throw error
        }
        await server.shutdown()
        await limitedServer.shutdown()
        if status != 0 { throw ExitCode(status) }
    }

    private static func present(vault: Vault<VaultPayload>, vaultPath: String, client: ConnectionClient, noColor: Bool, productionGuard: Bool) async throws
        -> Int32
    {
        let queue = EventQueue()
        let runner = EffectRunner(queue: queue, vaultPath: vaultPath, client: client, kdfParameters: KDFParameters(logN: 12))
        runner.adopt(vault)
        let environment = ProcessInfo.processInfo.environment
        let paths = ZTenantPaths.resolve(vault: vaultPath, environment: environment)
        let catalog = ThemeCatalog(userFolder: paths.themesFolder, executablePath: ExecutableLocation.current(), environment: environment)
        let color = GlobalOptions.colorAllowed(noColor: noColor, environment: environment)
        var state = AppState(phase: .locked, vaultPath: vaultPath, themeNames: catalog.names, themeName: "default",
            size: TerminalSize(rows: 24, columns: 80), now: Date(), banner: "demo · passphrase: \(passphrase)")
        let (keyMap, keyProblems) = KeyMapFile.load(path: paths.keysFile)
        state.keyMap = keyMap
        state.productionGuard = productionGuard
        for problem in keyProblems { StandardError.write("ztenant: \(problem)\n") }
        state = Update.update(state, .unlocked(try vault.reload())).0
        state.message = keyProblems.first.map { .init(text: $0, kind: .error) }
            ?? .init(text: "Demo: \(state.payload?.profiles.count ?? 0) profiles against a mock Zuora. Press C to check them all, ? for help.", kind: .info)
        let app = TUIApplication(state: state, runner: runner, queue: queue, catalog: catalog, monochrome: !color)
        do {
            return try await TerminalSession.run(app, queue: queue, color: color)
        } catch {
            throw CLIFailure("\(error)", exitCode: ExitStatus.usage)
        }
    }

    /// One profile per way a login ends.
    static func payload(baseURL: String, limitedBaseURL: String) -> VaultPayload {
        func oauth(_ name: String, _ client: String, _ secret: String, tags: [String]) -> Profile {
            Profile(name: name, baseURL: baseURL, user: client, password: Secret(secret), tags: tags,
                declaredClass: name.contains("old") ? .sandbox : .production, auth: .oauth)
        }
        // The mock's hosts are not Zuora's: each profile declares its class, as an operator
        // would for a proxy, so the demo shows PROD and SANDBOX badges and the production guard.
        func make(_ name: String, _ user: String, _ password: String, entity: EntitySelector = .none, tags: [String]) -> Profile {
            let declared: EnvironmentClass = name.contains("sandbox") || name.contains("slow") ? .sandbox
                : name.contains("legacy") || name == "cyberdyne" ? .test : .production
            return Profile(name: name, baseURL: user.hasPrefix("limited") ? limitedBaseURL : baseURL, user: user, password: Secret(password),
                entity: entity, tags: tags, declaredClass: declared)
        }
        var payload = VaultPayload()
        payload.profiles = [
            make("acme-prod-us", "demo@example.com", "demo-password", tags: ["acme", "works"]),
            make("acme-sandbox", "demo@example.com", "expired-password", tags: ["acme", "wrong-password"]),
            make("globex-europe", "multi@example.com", "multi-password", entity: .name("Europe"), tags: ["globex", "multi-entity"]),
            make("globex-apac", "multi@example.com", "multi-password", entity: .name("APAC"), tags: ["globex", "entity-error"]),
            make("initech-eu", "limited@example.com", "limited-password", tags: ["rate-limited"]),
            make("umbrella-us", "broken@example.com", "broken-password", tags: ["server-error"]),
            make("hooli-apac", "gateway@example.com", "gateway-password", tags: ["bad-gateway"]),
            make("stark-legacy", "moved@example.com", "moved-password", tags: ["redirect"]),
            make("wayne-slow", "slow@example.com", "slow-password", tags: ["slow"]),
            make("cyberdyne", "stuck@example.com", "stuck-password", tags: ["timeout"]),
            make("oscorp", "hangup@example.com", "hangup-password", tags: ["connection-cut"]),
            // OAuth clients beside the password users: Zuora's recommended credentials.
            oauth("acme-oauth-billing", "demo-client", "demo-client-secret/+=", tags: ["acme", "oauth"]),
            oauth("globex-oauth-eu", "single-client", "single-client-secret", tags: ["globex", "oauth"]),
            oauth("initech-oauth-old", "deactivated-client", "deactivated-secret", tags: ["oauth", "user-deactivated"]),
        ]
        payload.activeProfile = "acme-prod-us"
        return payload
    }
}

/// `ztenant themes`: the themes ztenant can use.
struct ThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List colour themes and where each came from; check that each one loads.",
        discussion: "Bundled themes come from $ZTENANT_THEMES_DIR, <bin>/../share/ztenant/themes, <bin>/themes, or the source checkout's themes/. User themes in $XDG_CONFIG_HOME/ztenant/themes/ override bundled ones by name.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let paths = global.paths
        let catalog = global.themeCatalog
        guard !catalog.entries.isEmpty else {
            throw CLIFailure("no themes found (looked in $ZTENANT_THEMES_DIR, next to the binary, and in \(paths.themesFolder)); the TUI will use monochrome.", exitCode: ExitStatus.unexpected)
        }
        var broken = 0
        for entry in catalog.entries {
            let status: String
            do {
                _ = try Theme.parse(try String(contentsOfFile: entry.path, encoding: .utf8), name: entry.name, source: entry.path)
                status = "ok"
            } catch {
                broken += 1
                status = "✗ \(error)"
            }
            StandardOutput.line(DisplayWidth.pad(entry.name, to: 16) + DisplayWidth.pad(entry.origin, to: 9) + entry.path + (status == "ok" ? "" : "\n    " + status))
        }
        if broken > 0 { throw ExitCode(1) }
    }
}
