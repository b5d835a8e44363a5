import CredentialVault
import Foundation
import Testing
import ZTenantCore
import ZTenantTUI
import ZTenantThemes
import ZuoraAPI

@Suite("Keys on the profile table")
struct TableKeyTests {
    let state = TUIFixtures.unlocked()

    @Test func arrowsAndVimKeysMoveTheSelectionWithinBounds() {
        #expect(TUIFixtures.press(state, .down).0.selection == 1)
        #expect(TUIFixtures.press(state, .character("j"), .character("j")).0.selection == 2)
        #expect(TUIFixtures.press(state, .down, .up).0.selection == 0)
        #expect(TUIFixtures.press(state, .character("k")).0.selection == 0, "stays at the top")
        #expect(TUIFixtures.press(state, .end).0.selection == 5)
        #expect(TUIFixtures.press(state, .character("G"), .down).0.selection == 5, "stays at the bottom")
        #expect(TUIFixtures.press(state, .end, .home).0.selection == 0)
        #expect(TUIFixtures.press(state, .end, .character("g")).0.selection == 0)
        #expect(TUIFixtures.press(state, .pageDown).0.selection == 5)
        #expect(TUIFixtures.press(state, .end, .pageUp).0.selection == 0)
    }

    @Test func pagingScrollsALongList() {
        var many = TUIFixtures.unlocked(size: TerminalSize(rows: 16, columns: 80))
        for index in 0..<40 {
            many.payload?.profiles.append(Profile(name: "p\(index)", baseURL: "https://rest.zuora.com", user: "u", password: Secret("p")))
        }
        let (paged, _) = TUIFixtures.press(many, .pageDown, .pageDown)
        #expect(paged.selection > 5)
        #expect(paged.scroll > 0, "the selection stays in view")
        let (end, _) = TUIFixtures.press(many, .end)
        #expect(end.selection == 45)
        let rows = Layout(size: end.size).tableBody.rows
        #expect(end.scroll == 46 - rows)
    }

    @Test func enterUsesTheSelectedProfile() {
        let (next, effects) = TUIFixtures.press(state, .down, .enter)
        #expect(effects == [.use("acme-sandbox")])
        #expect(next.inFlight == ["acme-sandbox"])
        #expect(next.isBusy)
    }

    @Test func cChecksOneAndCapitalCChecksAllThenEscCancels() {
        let (one, oneEffects) = TUIFixtures.press(state, .character("c"))
        #expect(oneEffects == [.check(["acme-prod-us"])])
        #expect(one.fleet?.total == 1)
        let (all, allEffects) = TUIFixtures.press(state, .character("C"))
        #expect(allEffects == [.check(state.visibleProfiles.map(\.name))])
        #expect(all.fleet?.total == 6)
        let (_, cancel) = TUIFixtures.press(all, .escape)
        #expect(cancel == [.cancelChecks])
        let (told, again) = TUIFixtures.press(all, .character("C"))
        #expect(again.isEmpty, "no second fleet check while one runs")
        #expect(told.message?.text == "A check is running (0/6): wait for it, or Esc cancels it.", "and the key is not ignored")
    }

    @Test func fleetProgressFillsInAsResultsArrive() {
        var (running, _) = TUIFixtures.press(state, .character("C"))
        let profile = running.payload!.profiles[1]
        running = Update.update(running, .checkResult(FleetCheckResult(profile: profile,
            outcome: TUIFixtures.outcome(.ok, http: 200, detail: "ok", minutesAgo: 0), skipped: false))).0
        #expect(running.fleet?.done == 1)
        #expect(!running.inFlight.contains(profile.name))
        #expect(running.payload?.lastOutcome(of: profile.name)?.status == .ok)
        #expect(Renderer.render(running).line(0).contains("checking 1/6"))
        let finished = Update.update(running, .checksFinished(cancelled: true)).0
        #expect(finished.fleet == nil)
        #expect(finished.inFlight.isEmpty)
        #expect(finished.message?.text == "Check cancelled after 1 of 6.")
    }

    @Test func aOpensAnEmptyEditorAndEOpensTheSelectedProfile() {
        let (adding, _) = TUIFixtures.press(state, .character("a"))
        guard case .editor(let empty) = adding.overlay else { Issue.record("no editor"); return }
        #expect(empty.original == nil)
        let (editing, _) = TUIFixtures.press(state, .down, .character("e"))
        guard case .editor(let filled) = editing.overlay else { Issue.record("no editor"); return }
        #expect(filled.name == "acme-sandbox")
        #expect(filled.environment == 1, "the known sandbox host is recognised")
    }

    @Test func dAsksBeforeDeletingAndOnlyYDeletes() {
        let (asking, none) = TUIFixtures.press(state, .character("d"))
        #expect(asking.overlay == .confirmDelete("acme-prod-us"))
        #expect(none.isEmpty)
        #expect(TUIFixtures.press(asking, .character("y")).1 == [.save(.remove("acme-prod-us"))])
        let (kept, keptEffects) = TUIFixtures.press(asking, .character("n"))
        #expect(keptEffects.isEmpty)
        #expect(kept.overlay == nil)
        #expect(kept.message?.text == "Not deleted.")
    }

    @Test func slashFiltersAsYouTypeAndEscClears() {
        let (filtering, _) = TUIFixtures.press(state, .character("/"))
        #expect(filtering.filtering)
        let typed = TUIFixtures.type(filtering, "acme")
        #expect(typed.visibleProfiles.map(\.name) == ["acme-prod-us", "acme-sandbox"])
        let byStatus = TUIFixtures.type(filtering, "status:auth_failed")
        #expect(byStatus.visibleProfiles.map(\.name) == ["acme-sandbox", "東京-prod"], "the last status is searchable")
        let kept = TUIFixtures.press(typed, .enter).0
        #expect(!kept.filtering && kept.filter == "acme")
        #expect(TUIFixtures.press(kept, .escape).0.filter.isEmpty)
        let backspaced = TUIFixtures.press(typed, .backspace).0
        #expect(backspaced.filter == "acm")
        #expect(TUIFixtures.press(typed, .escape).0.filter.isEmpty)
    }

    @Test func tCyclesThemesAndRemembersTheChoice() {
        let (next, effects) = TUIFixtures.press(state, .character("t"))
        #expect(next.themeName == "high-contrast")
        #expect(effects == [.setTheme("high-contrast")])
        #expect(next.themeChosen, "a theme kept in an older vault no longer overrides the choice")
        let wrapped = TUIFixtures.press(state, .character("t"), .character("t"), .character("t"), .character("t"), .character("t")).0
        #expect(wrapped.themeName == "default")
        var missing = state
        missing.themeName = "uninstalled"
        #expect(TUIFixtures.press(missing, .character("t")).0.themeName == state.themeNames.first,
            "a theme config.toml names but that is not installed cycles from the first")
    }

    @Test func aLockedStateCannotHoldDecryptedDataNorAnUnlockedOneAPassphrase() {
        var locked = TUIFixtures.press(state, .character("L")).0
        locked.payload = TUIFixtures.payload()
        #expect(locked.payload == nil, "a locked stage has no place for decrypted contents")
        #expect(locked.visibleProfiles.isEmpty)
        guard case .locked(let form) = locked.stage else {
            Issue.record("not locked")
            return
        }
        #expect(form.reason == "Locked by you (L).")
        let typed = TUIFixtures.type(locked, "half a passphrase")
        #expect(typed.passphraseInput.count == 17)
        var reopened = Update.update(typed, .unlocked(TUIFixtures.payload())).0
        #expect(reopened.passphraseInput.isEmpty, "the form went with the locked stage")
        reopened.passphraseInput = SecretText("ignored")
        #expect(reopened.passphraseInput.isEmpty, "an unlocked stage has no passphrase form")
    }

    @Test func capitalLLocksAndDropsEverySecret() {
        let (locked, effects) = TUIFixtures.press(state, .character("L"))
        #expect(locked.phase == .locked)
        #expect(locked.payload == nil)
        #expect(effects == [.cancelChecks, .lock])
        #expect(locked.lockReason == "Locked by you (L).")
    }

    @Test func idleTimeLocksWithTheReason() {
        let later = Update.update(state, .tick(TUIFixtures.now.addingTimeInterval(599))).0
        #expect(later.phase == .unlocked)
        #expect(Renderer.render(later).line(0).contains("locks in 1s"))
        let (locked, effects) = Update.update(state, .tick(TUIFixtures.now.addingTimeInterval(601)))
        #expect(locked.phase == .locked)
        #expect(effects.contains(.lock))
        #expect(locked.lockReason == "Locked after 10 minute(s) without a key press.")
    }

    @Test func aKeyPressResetsTheIdleTimer() {
        var later = Update.update(state, .tick(TUIFixtures.now.addingTimeInterval(500))).0
        later = TUIFixtures.press(later, .down).0
        let after = Update.update(later, .tick(TUIFixtures.now.addingTimeInterval(900))).0
        #expect(after.phase == .unlocked)
    }

    @Test func questionMarkShowsHelpThatScrollsAndEscQOrQuestionMarkCloseIt() {
        let (help, _) = TUIFixtures.press(state, .character("?"))
        #expect(help.overlay == .help)
        #expect(TUIFixtures.press(help, .escape).0.overlay == nil)
        #expect(TUIFixtures.press(help, .character("q")).0.overlay == nil, "q goes back, it does not quit from help")
        #expect(!TUIFixtures.press(help, .character("q")).0.quitting)
        #expect(TUIFixtures.press(help, .character("?")).0.overlay == nil)
        let scrolled = TUIFixtures.press(help, .down, .down, .pageDown)
        #expect(scrolled.0.overlay == .help, "arrows scroll instead of closing")
        #expect(scrolled.0.viewScroll > 2)
        let bottom = TUIFixtures.press(help, .pageDown, .pageDown, .pageDown, .pageDown, .pageDown).0
        let screen = Renderer.render(bottom)
        let text = (0..<screen.rows).map { screen.line($0) }.joined(separator: "\n")
        #expect(text.contains("back to the table"), "at 80×24 the last rows of help can be reached:\n\(text)")
        #expect(TUIFixtures.press(bottom, .down).0.viewScroll == bottom.viewScroll, "scrolling stops at the end")
    }

    @Test(arguments: [Key.character("q"), .control("c")])
    func qAndCtrlCQuit(key: Key) {
        let (next, effects) = TUIFixtures.press(state, key)
        #expect(next.quitting)
        #expect(effects == [.quit])
    }

    @Test func resizeRelaysOutAndKeepsTheSelectionVisible() {
        let selected = TUIFixtures.press(state, .end).0
        let small = Update.update(selected, .resize(TerminalSize(rows: 16, columns: 60))).0
        #expect(small.size == TerminalSize(rows: 16, columns: 60))
        #expect(small.selection >= small.scroll)
        #expect(small.selection < small.scroll + Layout(size: small.size).tableBody.rows)
    }

    @Test func termination() {
        let (next, effects) = Update.update(state, .terminate(signal: 15))
        #expect(next.quitting)
        #expect(effects == [.quit])
    }

    @Test func useAndSaveResultsReachTheMessageLine() {
        let failed = Update.update(state, .used(name: "acme-sandbox", outcome: TUIFixtures.outcome(.authFailed, http: 401, detail: "bad"), reused: false)).0
        #expect(failed.message?.kind == .error)
        #expect(failed.payload?.activeProfile == "acme-sandbox")
        let saveFailed = Update.update(state, .saveFailed("Not saved: disk full")).0
        #expect(saveFailed.message == .init(text: "Not saved: disk full", kind: .error))
    }
}
