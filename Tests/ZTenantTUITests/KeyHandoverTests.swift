import CredentialVault
import Foundation
import Testing
import ZTenantCore
import ZTenantTUI
import ZuoraAPI


/// Security findings 1 and 8 as the TUI meets them.
@Suite("The TUI locks when its key no longer fits, and keeps typed secrets out of strings")
struct KeyHandoverTests {
    @Test func aSaveAfterARekeyElsewhereLocksTheTUIWithTheReason() async throws {
        let scratch = try ScratchRunner(passphrase: "old passphrase")
        defer { withExtendedLifetime(scratch) {} }
        let (vault, runner) = (scratch.vault, scratch.runner)
        let (elsewhere, _) = try Vault<VaultPayload>.open(at: vault.path, passphrase: Passphrase("old passphrase"))
        try elsewhere.rekey(to: Passphrase("new passphrase"))
        let before = try Data(contentsOf: URL(fileURLWithPath: vault.path))

        runner.run(.save(.remove("anyone")))
        let event = try await scratch.next {
            if case .keyNoLongerFits = $0 { return true }
            if case .saveFailed = $0 { return true }
            return false
        }
        guard case .keyNoLongerFits(let reason) = event else {
            Issue.record("expected the TUI to be told its key no longer fits, got \(event)")
            return
        }
        #expect(reason.contains("rekeyed elsewhere"))
        #expect(!runner.isUnlocked, "the old key is dropped")
        #expect(try Data(contentsOf: URL(fileURLWithPath: vault.path)) == before, "nothing written under the old key")

        let unlocked = Update.update(AppState(phase: .locked, vaultPath: vault.path, themeNames: ["default"], themeName: "default",
            size: TerminalSize(rows: 24, columns: 80), now: Date()), .unlocked(TUIFixtures.payload())).0
        let (locked, effects) = Update.update(unlocked, event)
        #expect(locked.phase == .locked)
        #expect(locked.payload == nil, "no decrypted data stays on screen")
        #expect(locked.lockReason == reason)
        #expect(effects.contains(.lock))
    }

    @Test func typedPassphrasesLiveInSecretTextAndTravelAsPassphrases() {
        var state = AppState(phase: .locked, vaultPath: "/v", themeNames: ["default"], themeName: "default",
            size: TerminalSize(rows: 24, columns: 80), now: Date())
        for character in "s3cret wörds" { state = Update.update(state, .key(.character(character))).0 }
        #expect(state.passphraseInput.count == 12)
        #expect("\(state.passphraseInput)" == "SecretText(••••••)", "it prints as a mask")
        #expect(!String(reflecting: state).contains("s3cret"), "nothing in the state's reflection shows it")
        let (sent, effects) = Update.update(state, .key(.enter))
        #expect(effects == [.unlock(passphrase: Passphrase("s3cret wörds"))])
        #expect(sent.passphraseInput.isEmpty)
    }
}

/// Security finding 6 in the TUI: the grid is the one way text reaches the terminal, and no
/// cell of it can hold an escape, a control character or a bidi override.
@Suite("The grid never holds a character that could drive the terminal")
struct GridSafetyTests {
    @Test func hostileTextLeavesNoControlInAnyCell() {
        var grid = Grid(rows: 2, columns: 60)
        let hostile = "evil\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m\u{202E}reversed\u{200B}\u{7F}\u{0}end"
        _ = grid.write(hostile, row: 0, column: 0, role: .text)
        for column in 0..<60 {
            for scalar in grid[0, column].text.unicodeScalars {
                let value = scalar.value
                #expect(!(value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
                    || (0x200B...0x200F).contains(value)), "cell \(column) holds U+\(String(value, radix: 16))")
            }
        }
        #expect(grid.line(0).hasPrefix("evil]0;owned[2J31mreversedend"))
    }
}

/// Found while fuzzing: Foundation's substring search on Linux traps when the needle holds
/// U+0000, and the filter is such a needle. No control character enters a text field.
@Suite("Typed control characters never enter a text field")
struct FieldInputTests {
    @Test func theFilterIgnoresControlCharacters() {
        let (filtering, _) = TUIFixtures.press(TUIFixtures.unlocked(), .character("/"))
        var state = filtering
        for character in ["a", "\u{0}", "c", "\u{1B}", "m", "\u{9B}", "e"] as [Character] {
            state = Update.update(state, .key(.character(character))).0
        }
        #expect(state.filter == "acme")
        #expect(state.visibleProfiles.allSatisfy { $0.name.hasPrefix("acme") }, "and the search runs without trapping")
    }
}
