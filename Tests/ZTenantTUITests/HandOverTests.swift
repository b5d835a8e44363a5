import CredentialVault
import Foundation
import Testing
import TestSupport
import ZTenantCore
import ZTenantTUI
import ZTenantThemes
import ZuoraAPI
import ZuoraMock

@Suite("Handing a tenant over: the production guard, y (clipboard) and ! (a shell)")
struct HandOverTests {
    let state = TUIFixtures.unlocked()

    @Test func productionProfilesAskOncePerUnlockBeforeUseCopyOrShell() {
        #expect(state.selectedProfile?.environmentClass == .production)
        var (asking, none) = TUIFixtures.press(state, .enter)
        #expect(asking.overlay == .confirmProduction("acme-prod-us", .use))
        #expect(none.isEmpty)
        // A key typed before the question was drawn (a repeated ⏎) does not answer it.
        let early = TUIFixtures.press(asking, .character("y"))
        #expect(early.0.overlay == .confirmProduction("acme-prod-us", .use) && early.1.isEmpty)
        asking.framesShown += 1
        let screen = Renderer.render(asking)
        let text = (0..<screen.rows).map { screen.line($0) }.joined(separator: "\n")
        #expect(text.contains(" PROD   Use acme-prod-us?"), "\(text)")
        let (declined, nothing) = TUIFixtures.press(asking, .character("n"))
        #expect(nothing.isEmpty)
        #expect(declined.message?.text == "Not done: acme-prod-us was left alone.")
        let (confirmed, effects) = TUIFixtures.press(asking, .character("y"))
        #expect(effects == [.use("acme-prod-us")])
        // Once confirmed, the same profile is not asked about again, for any hand-over.
        let settled = Update.update(confirmed, .used(name: "acme-prod-us", outcome: nil, reused: true)).0
        #expect(TUIFixtures.press(settled, .character("y")).1 == [.handOver("acme-prod-us", .copy)])
        #expect(TUIFixtures.press(settled, .character("!")).1 == [.handOver("acme-prod-us", .shell)])
        // A lock forgets the confirmations.
        let reopened = Update.update(TUIFixtures.press(settled, .character("L")).0, .unlocked(TUIFixtures.payload())).0
        #expect(TUIFixtures.press(reopened, .character("y")).0.overlay == .confirmProduction("acme-prod-us", .copy))
        var unguarded = state
        unguarded.productionGuard = false
        #expect(TUIFixtures.press(unguarded, .enter).1 == [.use("acme-prod-us")], "--no-prod-guard")
        #expect(TUIFixtures.press(state, .down, .character("y")).1 == [.handOver("acme-sandbox", .copy)], "a sandbox is not guarded")
    }

    @Test func aReadySessionGoesToTheClipboardOrAShellAndAFailureSaysWhy() {
        let profile = state.payload!.profiles[1]
        let provided = ProvidedSession(profile: profile, session: Secret("s3ss10n"), obtainedAt: TUIFixtures.now.addingTimeInterval(-60),
            reused: false, outcome: nil)
        let copying = TUIFixtures.press(state, .down, .character("y")).0
        let (copied, copyEffects) = Update.update(copying, .sessionReady(provided, .copy))
        #expect(copyEffects == [.terminal(.clipboard(Secret("s3ss10n")))])
        #expect(copied.message?.text == "Copied acme-sandbox's new session to the clipboard (OSC 52); good for about 14 min.")
        #expect(!(copied.message?.text.contains("s3ss10n") ?? true))
        let (_, shellEffects) = Update.update(TUIFixtures.press(state, .down, .character("!")).0, .sessionReady(provided, .shell))
        guard case .terminal(.shell(let name, let secrets, let variables))? = shellEffects.first else {
            Issue.record("no shell effect")
            return
        }
        #expect(name == "acme-sandbox")
        #expect(secrets == ["ZUORA_SESSION": Secret("s3ss10n")])
        #expect(variables["ZUORA_SESSION"] == nil, "the session travels as a Secret, masked if printed")
        #expect(!"\(shellEffects)".contains("s3ss10n"))
        #expect(variables["ZTENANT_PROFILE"] == "acme-sandbox")
        #expect(variables["ZTENANT_ENV_CLASS"] == "sandbox")
        // An OAuth profile's shell gets the token as ZUORA_ACCESS_TOKEN and ZUORA_AUTHORIZATION, never ZUORA_SESSION.
        var client = profile
        client.auth = .oauth
        let token = ProvidedSession(profile: client, session: Secret("t0ken"), obtainedAt: TUIFixtures.now, reused: false, outcome: nil,
            expiresAt: TUIFixtures.now.addingTimeInterval(3599))
        guard case .terminal(.shell(_, let tokenSecrets, let tokenVariables))? = Update.update(TUIFixtures.press(state, .down, .character("!")).0,
            .sessionReady(token, .shell)).1.first
        else {
            Issue.record("no shell effect for the OAuth profile")
            return
        }
        #expect(Set(tokenSecrets.keys) == ["ZUORA_ACCESS_TOKEN", "ZUORA_AUTHORIZATION"])
        #expect(tokenSecrets["ZUORA_AUTHORIZATION"] == Secret("Bearer t0ken"))
        #expect(tokenVariables["ZUORA_SESSION"] == nil && tokenVariables["ZTENANT_SESSION_EXPIRES_AT"] != nil)
        let failed = Update.update(copying, .handOverFailed(name: "acme-sandbox", outcome: nil, reason: "auth_failed — wrong password")).0
        #expect(failed.message?.text == "No session for acme-sandbox: auth_failed — wrong password")
        // A lock between the ask and the answer drops the answer.
        let locked = TUIFixtures.press(copying, .character("L")).0
        #expect(Update.update(locked, .sessionReady(provided, .copy)).1.isEmpty, "no copy after a lock")
        let relocked = Update.update(locked, .unlocked(TUIFixtures.payload())).0
        #expect(Update.update(relocked, .sessionReady(provided, .copy)).1.isEmpty, "nor after a lock and a new unlock")
    }

    @Test func yAndBangAgainstTheMockCopyTheRealSessionAndRunARealShell() async throws {
        try await withMockServer { server in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-handover-\(UUID())").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let profile = Profile(name: "mock-sbx", baseURL: server.baseURL, user: "demo@example.com", password: Secret("demo-password"))
            let vault = try Vault<VaultPayload>.create(at: folder + "/vault.ztv", passphrase: Passphrase("hand over"),
                parameters: KDFParameters(logN: 10), payload: VaultPayload(profiles: [profile]))
            let queue = EventQueue()
            let client = try ConnectionClient()
            let runner = EffectRunner(queue: queue, vaultPath: vault.path, client: client)
            runner.adopt(vault)
            // $SHELL is a script that writes what it was given.
            let shell = folder + "/shell.sh"
            let output = folder + "/shell.out"
            try "#!/bin/sh\necho \"$ZTENANT_PROFILE ${#ZUORA_SESSION} ${ZTENANT_PASSPHRASE:-none} $ZUORA_BASE_URL\" > \(output)\nexit 3\n"
                .write(toFile: shell, atomically: true, encoding: .utf8)
            chmod(shell, 0o755)
            let state = Update.update(AppState(phase: .locked, vaultPath: vault.path, themeNames: ["default"], themeName: "default",
                size: TerminalSize(rows: 24, columns: 80), now: Date()), .unlocked(try vault.reload())).0
            let ready: @Sendable (Event) -> Bool = { if case .sessionReady = $0 { true } else { false } }
            let screen = GridScreen(size: TerminalSize(rows: 24, columns: 80), queue: queue, steps: [
                // The copy's session, then the shell's: the shell runs as that event is applied.
                .event(.key(.character("y"))), .awaitEvent(ready), .event(.key(.character("!"))), .awaitEvent(ready),
            ])
            let catalog = ThemeCatalog(userFolder: "/nonexistent", executablePath: "/nonexistent/ztenant", environment: [:])
            let app = TUIApplication(state: state, runner: runner, queue: queue, catalog: catalog, monochrome: true,
                environment: ["SHELL": shell, "PATH": "/usr/bin:/bin", "ZTENANT_PASSPHRASE": "must not cross", "ZUORA_ENTITY_ID": "stale"])
            // The loop blocks while it waits for keys: on its own thread, so the login it
            // starts has the pool's threads.
            #expect(await onItsOwnThread { app.run(on: screen) } == 0)
            try await client.shutdown()

            let stored = try #require(try vault.reload().sessions["mock-sbx"])
            #expect(screen.clipboard == [stored.value.reveal()], "the session Zuora issued went to the clipboard")
            #expect(server.zuora.loginCount(user: "demo@example.com") == 1, "the shell reused the session the copy obtained")
            #expect(screen.suspensions == 1)
            let written = try String(contentsOfFile: output, encoding: .utf8)
            #expect(written == "mock-sbx \(stored.value.reveal().count) none \(server.baseURL)\n")
            #expect(screen.frames.contains { $0.text.contains("Back from the shell for mock-sbx (it exited 3).") })
            for frame in screen.frames { #expect(!frame.text.contains(stored.value.reveal())) }
        }
    }
}

@Suite("Changes made elsewhere: r reloads, the timer notices another process's write")
struct VaultWatchTests {
    @Test func theTimerAsksEveryTwoSecondsButNotDuringACheckAndRReloads() {
        let state = TUIFixtures.unlocked()
        let (watched, effects) = Update.update(state, .tick(TUIFixtures.now))
        #expect(effects == [.watchVault])
        #expect(Update.update(watched, .tick(TUIFixtures.now.addingTimeInterval(1))).1.isEmpty, "not again within 2 s")
        #expect(Update.update(watched, .tick(TUIFixtures.now.addingTimeInterval(2))).1 == [.watchVault])
        let checking = TUIFixtures.press(state, .character("C")).0
        #expect(Update.update(checking, .tick(TUIFixtures.now)).1.isEmpty, "a running check's results are only in memory")
        #expect(TUIFixtures.press(state, .character("r")).1 == [.reload])
    }

    @Test func anotherProcessesWriteIsPickedUpAndTheFormKeepsWhatWasTyped() async throws {
        let scratch = try ScratchRunner(passphrase: "watch passphrase")
        let runner = scratch.runner
        runner.run(.watchVault)
        // A second process (its own Vault handle, its own lock) adds a profile.
        let other = try Vault<VaultPayload>.open(at: scratch.vault.path, passphrase: Passphrase("watch passphrase")).vault
        try other.update { try $0.add(Profile(name: "added-elsewhere", baseURL: "https://rest.zuora.com", user: "u", password: Secret("p"))) }
        runner.run(.watchVault)
        let event = try await scratch.next { if case .payloadChanged = $0 { true } else { false } }
        guard case .payloadChanged(let payload, let message) = event else { return }
        #expect(payload.profile(named: "added-elsewhere") != nil)
        #expect(message == "The vault changed in another process: reloaded (7 profile(s)).")
        // Applied to a TUI with a half-filled form, the form stays as typed.
        var state = TUIFixtures.type(TUIFixtures.press(TUIFixtures.unlocked(), .character("a")).0, "half-typed")
        state = Update.update(state, event).0
        guard case .editor(let editor) = state.overlay else { Issue.record("the form was closed"); return }
        #expect(editor.name == "half-typed")
        #expect(state.payload?.profile(named: "added-elsewhere") != nil)
        // This process's own write is not reported as someone else's.
        runner.run(.save(.remove("added-elsewhere")))
        _ = try await scratch.next { if case .payloadChanged(_, let message) = $0 { message == "Deleted added-elsewhere." } else { false } }
        runner.run(.watchVault)
        runner.run(.reload)
        let next = try await scratch.next { if case .payloadChanged = $0 { true } else { false } }
        guard case .payloadChanged(_, let said) = next else { return }
        #expect(said == "Reloaded 6 profile(s) from disk.", "the watch after our own delete said nothing")
    }
}
