import CredentialVault
import Foundation
import Testing
import TestSupport
import ZTenantCore
import ZTenantTUI
import ZTenantThemes
import ZuoraAPI

@Suite("The UI loop on the grid screen")
struct RuntimeTests {
    @Test func theLoopPaintsAnswersKeysLocksAndAlwaysRestores() async throws {
        let scratch = try ScratchRunner(passphrase: "runtime passphrase")
        defer { withExtendedLifetime(scratch) {} }
        let (vault, queue, runner) = (scratch.vault, scratch.queue, scratch.runner)
        let state = Update.update(AppState(phase: .locked, vaultPath: vault.path, themeNames: ["default"], themeName: "default",
            size: TerminalSize(rows: 24, columns: 80), now: Date()), .unlocked(try vault.reload())).0
        let screen = GridScreen(size: TerminalSize(rows: 24, columns: 80), script: [
            .key(.down), .key(.character("?")), .key(.escape), .resize(TerminalSize(rows: 30, columns: 100)), .key(.character("L")),
        ])
        let catalog = ThemeCatalog(userFolder: "/nonexistent", executablePath: "/nonexistent/ztenant", environment: [:])
        let app = TUIApplication(state: state, runner: runner, queue: queue, catalog: catalog, monochrome: true)

        let status = await onItsOwnThread { app.run(on: screen) }

        #expect(status == 0)
        #expect(screen.restored, "the terminal is restored when the loop ends")
        #expect(screen.frames.contains { $0.text.contains("On the table") && $0.text.contains("move the selection up") }, "the help view was shown")
        #expect(screen.frames.contains { $0.rows == 30 && $0.columns == 100 }, "the resize re-laid the screen out")
        #expect(screen.frames.last?.text.contains("Locked by you (L).") == true)
        #expect(!runner.isUnlocked, "locking released the vault and its key")
        #expect(app.currentState.payload == nil)
        #expect(screen.lastTheme?.name == "mono")
        for frame in screen.frames { #expect(!frame.text.contains("pw-1")) }
        // Identical frames are not presented twice.
        #expect(zip(screen.frames, screen.frames.dropFirst()).allSatisfy { $0 != $1 })
    }
}
