import CredentialVault
import Foundation
import Testing
import ZTenantCore
import ZTenantTUI

/// The theme chosen in the TUI is a setting in config.toml, not vault data.
@Suite("A theme chosen in the TUI is kept in config.toml")
struct ThemeSettingTests {
    @Test func pressingTKeepsTheThemeInConfigAndLeavesTheVaultAlone() async throws {
        let scratch = try ScratchRunner(passphrase: "a passphrase")
        defer { withExtendedLifetime(scratch) {} }
        let before = try Data(contentsOf: URL(fileURLWithPath: scratch.vault.path))

        scratch.runner.run(.setTheme("light"))
        let event = try await scratch.next {
            if case .settingSaved = $0 { return true }
            if case .saveFailed = $0 { return true }
            return false
        }
        guard case .settingSaved(let message) = event else {
            Issue.record("expected the theme to be kept, got \(event)")
            return
        }
        #expect(message.contains(scratch.configFile.path))
        let settings = try scratch.configFile.load()
        #expect(settings.theme == "light" && settings.themeIsSet)
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.vault.path)) == before, "the vault is not written for a theme")
    }

    @Test func aThemeAnOlderVersionKeptInTheVaultIsAdoptedOnlyWhenConfigHasNone() {
        var payload = TUIFixtures.payload()
        payload.settings.theme = "light"
        let names = ["default", "light", "mono"]
        var fresh = AppState(phase: .locked, vaultPath: "/v", themeNames: names, themeName: "default",
            size: TerminalSize(rows: 40, columns: 120), now: Date())
        _ = Update.update(&fresh, .unlocked(payload))
        #expect(fresh.themeName == "light", "no theme in config: the vault's old choice applies")

        var chosen = AppState(phase: .locked, vaultPath: "/v", themeNames: names, themeName: "mono",
            size: TerminalSize(rows: 40, columns: 120), now: Date())
        chosen.themeChosen = true
        _ = Update.update(&chosen, .unlocked(payload))
        #expect(chosen.themeName == "mono", "config.toml's theme wins")
    }
}

/// A vault a newer build wrote, as the TUI shows it: readable, marked read-only, never changed.
@Suite("The TUI shows a newer vault read-only")
struct ReadOnlyVaultTUITests {
    static func newerPayload() throws -> VaultPayload {
        // A format 1 document naming schema 4, read as a format 1 vault would be.
        let fixture = TUIFixtures.payload()
        let profiles = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(fixture.profiles))
        let settings = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(fixture.settings))
        let object: [String: Any] = ["schema": 4, "profiles": profiles, "sessions": [String: Any](), "history": [String: Any](),
            "settings": settings]
        return try VaultPayload(legacy: try JSONSerialization.data(withJSONObject: object))
    }

    @Test func keysThatWouldWriteSayWhyAndDoNothing() throws {
        var state = AppState(phase: .locked, vaultPath: "/v/vault.ztv", themeNames: ["default"], themeName: "default",
            size: TerminalSize(rows: 24, columns: 120), now: Date())
        _ = Update.update(&state, .unlocked(try Self.newerPayload()))
        #expect(state.message?.text.hasPrefix("Read-only: this vault was written by a newer ztenant") == true, "\(String(describing: state.message))")
        #expect(Renderer.render(state).text.contains("READ-ONLY (newer format)"))
        for key in [Key.character("a"), .character("e"), .character("d"), .enter, .character("c"), .character("C")] {
            var pressed = state
            pressed.message = nil
            let effects = Update.update(&pressed, .key(key))
            #expect(effects.isEmpty, "\(key) asked for \(effects)")
            #expect(pressed.overlay == nil && pressed.inFlight.isEmpty, "\(key)")
            #expect(pressed.message?.text.hasPrefix("Read-only:") == true, "\(key)")
        }
        var moved = state
        _ = Update.update(&moved, .key(.down))
        #expect(moved.selection == 1, "reading keys still work")
    }
}
