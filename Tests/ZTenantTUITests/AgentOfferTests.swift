import CredentialVault
import Testing
import ZTenantCore
import ZTenantTUI

/// The unlock screen's offer to keep the vault unlocked in the agent (issue #10).
@Suite("The unlock screen offers the agent")
struct AgentOfferTests {
    func locked(offer: String?) -> AppState {
        var state = AppState(phase: .locked, vaultPath: "/v.ztv", themeNames: ["default"], themeName: "default",
            size: TerminalSize(rows: 24, columns: 80), now: TUIFixtures.now)
        state.agentOffer = offer
        return state
    }

    @Test func tabTakesTheOfferAndTheUnlockHandsTheKeyOver() {
        let screen = Renderer.render(locked(offer: "idle 15m, max 8h")).text
        #expect(screen.contains("[ ] Keep unlocked in the agent for other commands (idle 15m, max 8h)"), "\(screen)")
        #expect(screen.contains("Tab keep in agent"))
        let taken = TUIFixtures.press(locked(offer: "idle 15m, max 8h"), .tab).0
        #expect(taken.keepInAgent && Renderer.render(taken).text.contains("[x] Keep unlocked"))
        let (sent, effects) = TUIFixtures.press(TUIFixtures.type(taken, "pass"), .enter)
        #expect(effects == [.unlock(passphrase: Passphrase("pass"))], "the key goes to the agent only once the vault opened")
        let (opened, after) = Update.update(sent, .unlocked(VaultPayload()))
        #expect(after == [.keepInAgent])
        #expect(!opened.keepInAgent, "asked for this unlock only")
        let untaken = Update.update(TUIFixtures.press(TUIFixtures.type(locked(offer: "idle 15m, max 8h"), "pass"), .enter).0,
            .unlocked(VaultPayload())).1
        #expect(untaken.isEmpty)
    }

    @Test func withoutAnAgentThereIsNoOfferAndTabDoesNothing() {
        let state = locked(offer: nil)
        #expect(!Renderer.render(state).text.contains("Keep unlocked"))
        #expect(!TUIFixtures.press(state, .tab).0.keepInAgent)
    }
}
