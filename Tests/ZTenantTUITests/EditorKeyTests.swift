import CredentialVault
import Testing
import ZTenantCore
import ZTenantTUI
import ZuoraAPI

@Suite("Keys in the profile editor")
struct EditorKeyTests {
    func editor(_ state: AppState) -> EditorState? {
        if case .editor(let editor) = state.overlay { return editor }
        return nil
    }

    var adding: AppState { TUIFixtures.press(TUIFixtures.unlocked(), .character("a")).0 }

    @Test func typingFillsTheFocusedFieldAndTabMoves() throws {
        var state = TUIFixtures.type(adding, "new-one")
        state = TUIFixtures.press(state, .tab).0
        #expect(try #require(editor(state)).focus == .environment)
        state = TUIFixtures.press(state, .backTab).0
        #expect(try #require(editor(state)).focus == .name)
        state = TUIFixtures.press(state, .backspace).0
        #expect(try #require(editor(state)).name == "new-on")
        state = TUIFixtures.press(state, .control("u")).0
        #expect(try #require(editor(state)).name == "")
    }

    @Test func theEnvironmentPickerFillsTheURLAndCustomKeepsIt() throws {
        var state = TUIFixtures.press(adding, .tab).0
        state = TUIFixtures.press(state, .right).0
        let picked = try #require(editor(state))
        #expect(picked.url == ZuoraEnvironment.known[2].baseURL)
        state = TUIFixtures.press(state, .left, .left, .left).0
        let custom = try #require(editor(state))
        #expect(custom.environment == nil, "wrapping past the first host reaches Custom URL")
        #expect(try #require(editor(state)).focus == .environment)
        state = TUIFixtures.press(state, .tab).0
        #expect(try #require(editor(state)).focus == .environmentClass, "a custom URL may declare its class")
        state = TUIFixtures.press(state, .right, .tab, .control("u")).0
        #expect(try #require(editor(state)).declaredClass == .production)
        state = TUIFixtures.type(state, "https://proxy.example.com/rest")
        #expect(try #require(editor(state)).url == "https://proxy.example.com/rest")
        #expect(try #require(editor(state)).environment == nil)
        #expect(try #require(editor(state)).profile.environmentClass == .production, "the declared class drives the badge")
    }

    @Test func thePasswordIsMaskedUntilRevealed() throws {
        var state = adding
        for _ in 0..<4 { state = TUIFixtures.press(state, .tab).0 }
        #expect(try #require(editor(state)).focus == .password)
        state = TUIFixtures.type(state, "s3cr3t-value")
        #expect(!Renderer.render(state).text.contains("s3cr3t-value"))
        #expect(Renderer.render(state).text.contains("••••••••••••"))
        state = TUIFixtures.press(state, .control("r")).0
        #expect(Renderer.render(state).text.contains("s3cr3t-value"))
        state = TUIFixtures.press(state, .function(2)).0
        #expect(!Renderer.render(state).text.contains("s3cr3t-value"))
    }

    @Test func theEntityValueFieldAppearsOnlyForIdOrName() throws {
        var state = adding
        for _ in 0..<5 { state = TUIFixtures.press(state, .tab).0 }
        #expect(try #require(editor(state)).focus == .entityKind)
        state = TUIFixtures.press(state, .tab).0
        #expect(try #require(editor(state)).focus == .tags, "skipped while the entity is none")
        state = TUIFixtures.press(state, .backTab, .right, .tab).0
        #expect(try #require(editor(state)).focus == .entityValue)
        #expect(try #require(editor(state)).entityKind == .id)
        state = TUIFixtures.press(state, .backTab, .right).0
        #expect(try #require(editor(state)).entityKind == .name)
    }

    @Test func saveShowsEveryProblemInlineAndSavesNothing() throws {
        let (state, effects) = TUIFixtures.press(adding, .control("s"))
        #expect(effects.isEmpty)
        let problems = try #require(editor(state)).visibleProblems(existingNames: [])
        #expect(Set(problems.keys) == [.name, .user, .password])
        let text = Renderer.render(state).text
        #expect(text.contains("name is empty"))
        #expect(state.message?.text == "Fix the fields marked ✗ before saving.")
    }

    @Test func aDuplicateNameIsRefusedInline() throws {
        var state = TUIFixtures.type(adding, "acme-sandbox")
        state = TUIFixtures.press(state, .tab).0
        #expect(try #require(editor(state)).visibleProblems(existingNames: ["acme-sandbox"])[.name] == "a profile named 'acme-sandbox' already exists")
    }

    @Test func aValidFormSavesAnAdd() throws {
        var state = TUIFixtures.type(adding, "fresh")
        state = TUIFixtures.press(state, .tab, .tab, .tab).0
        state = TUIFixtures.type(state, "api@fresh.example")
        state = TUIFixtures.press(state, .tab).0
        state = TUIFixtures.type(state, "pw")
        let (saved, effects) = TUIFixtures.press(state, .control("s"))
        #expect(saved.overlay == nil)
        guard case .save(.add(let profile)) = effects.first else { Issue.record("\(effects)"); return }
        #expect(profile.name == "fresh")
        #expect(profile.baseURL == ZuoraEnvironment.known[1].baseURL)
        #expect(profile.password.reveal() == "pw")
    }

    @Test func editingSavesAReplaceOfTheOriginal() throws {
        var state = TUIFixtures.press(TUIFixtures.unlocked(), .down, .character("e")).0
        state = TUIFixtures.type(state, "-2")
        let (_, effects) = TUIFixtures.press(state, .control("s"))
        guard case .save(.replace(let original, let profile)) = effects.first else { Issue.record("\(effects)"); return }
        #expect(original == "acme-sandbox")
        #expect(profile.name == "acme-sandbox-2")
    }

    @Test func testRunsTheConnectionOnTheUnsavedValues() throws {
        var state = TUIFixtures.type(adding, "x")
        let (testing, effects) = TUIFixtures.press(state, .control("t"))
        guard case .test(let profile) = effects.first else { Issue.record("\(effects)"); return }
        #expect(profile.name == "x")
        #expect(try #require(editor(testing)).testing)
        state = Update.update(testing, .tested(TUIFixtures.outcome(.authFailed, http: 401, detail: "Zuora rejected the credentials."))).0
        #expect(try #require(editor(state)).testOutcome?.status == .authFailed)
        #expect(Renderer.render(state).text.contains("✗ auth_failed: Zuora rejected the credentials."))
        // The buttons work with Enter too.
        var onTest = state
        for _ in 0..<10 { onTest = TUIFixtures.press(onTest, .tab).0 }
        #expect(try #require(editor(onTest)).focus == .test)
        #expect(TUIFixtures.press(onTest, .enter).1.first.map { if case .test = $0 { true } else { false } } == true)
    }

    @Test func escOnACleanFormClosesAndOnADirtyFormAsksFirst() throws {
        #expect(TUIFixtures.press(adding, .escape).0.overlay == nil)
        let dirty = TUIFixtures.type(adding, "x")
        let asking = TUIFixtures.press(dirty, .escape).0
        #expect(try #require(editor(asking)).confirmingDiscard)
        #expect(Renderer.render(asking).text.contains("Discard your changes?"))
        let back = TUIFixtures.press(asking, .character("n")).0
        #expect(try #require(editor(back)).confirmingDiscard == false)
        #expect(try #require(editor(back)).name == "x")
        let discarded = TUIFixtures.press(asking, .character("y")).0
        #expect(discarded.overlay == nil)
        #expect(discarded.message?.text == "Changes discarded.")
    }

    @Test func cancelButtonAndArrowsBetweenButtons() throws {
        var state = adding
        for _ in 0..<11 { state = TUIFixtures.press(state, .tab).0 }
        #expect(try #require(editor(state)).focus == .save)
        state = TUIFixtures.press(state, .right).0
        #expect(try #require(editor(state)).focus == .cancel)
        #expect(TUIFixtures.press(state, .enter).0.overlay == nil)
    }
}

@Suite("Keys on the unlock and create screens")
struct LockScreenKeyTests {
    func locked(_ phase: AppState.Phase = .locked) -> AppState {
        AppState(phase: phase, vaultPath: "/v.ztv", themeNames: ["default"], themeName: "default",
            size: TerminalSize(rows: 24, columns: 80), now: TUIFixtures.now)
    }

    @Test func typingAndEnterUnlocksAndClearsTheField() {
        let typed = TUIFixtures.type(locked(), "my passphrase")
        #expect(!Renderer.render(typed).text.contains("my passphrase"), "masked")
        let (sent, effects) = TUIFixtures.press(typed, .enter)
        #expect(effects == [.unlock(passphrase: Passphrase("my passphrase"))])
        #expect(sent.passphraseInput.isEmpty)
        #expect(sent.unlocking)
        #expect(TUIFixtures.press(sent, .character("x")).1.isEmpty, "no typing while unlocking")
    }

    @Test func aWrongPassphraseSaysSoAndAllowsARetry() {
        var state = TUIFixtures.press(TUIFixtures.type(locked(), "bad"), .enter).0
        state = Update.update(state, .unlockFailed(message: "wrong passphrase for the vault /v.ztv. Try again; the passphrase is case-sensitive.", corrupted: false)).0
        #expect(!state.unlocking)
        #expect(Renderer.render(state).text.contains("wrong passphrase"))
        let (_, retry) = TUIFixtures.press(TUIFixtures.type(state, "good"), .enter)
        #expect(retry == [.unlock(passphrase: Passphrase("good"))])
    }

    @Test func aCorruptedVaultPointsAtTheBackup() {
        let state = Update.update(locked(), .unlockFailed(message: "the vault /v.ztv is corrupted (checksum mismatch). The previous generation is kept at /v.ztv.bak", corrupted: true)).0
        #expect(Renderer.render(state).text.contains("corrupted"))
        #expect(Renderer.render(TUIFixtures.unlockedWide(state)).text.contains("/v.ztv.bak"))
    }

    @Test func emptyEnterExplainsAndEscQuits() {
        let (empty, none) = TUIFixtures.press(locked(), .enter)
        #expect(none.isEmpty)
        #expect(empty.unlockError == "Type the vault's passphrase, then Enter.")
        #expect(TUIFixtures.press(locked(), .escape).1 == [.quit])
        #expect(TUIFixtures.press(TUIFixtures.type(locked(), "q"), .enter).1 == [.unlock(passphrase: Passphrase("q"))], "q is a passphrase character here")
    }

    @Test func createNeedsTwoMatchingPassphrasesOfEightCharacters() {
        var state = locked(.creating)
        state = TUIFixtures.type(state, "short")
        state = TUIFixtures.press(state, .tab).0
        state = TUIFixtures.type(state, "short")
        let (tooShort, none) = TUIFixtures.press(state, .enter)
        #expect(none.isEmpty)
        #expect(tooShort.unlockError == "Use at least 8 characters.")
        var long = locked(.creating)
        long = TUIFixtures.press(TUIFixtures.type(long, "long enough one"), .enter).0
        #expect(long.repeatFocused, "Enter in the first field moves to the second")
        let mismatch = TUIFixtures.press(TUIFixtures.type(long, "long enough two"), .enter).0
        #expect(mismatch.unlockError == "The two passphrases differ.")
        let (_, effects) = TUIFixtures.press(TUIFixtures.type(mismatch, "long enough one"), .enter)
        #expect(effects == [.create(passphrase: Passphrase("long enough one"))])
        #expect(Renderer.render(long).text.contains("Strength:"))
    }

    @Test func unlockingShowsTheTable() {
        let state = Update.update(locked(), .unlocked(TUIFixtures.payload())).0
        #expect(state.phase == .unlocked)
        #expect(Renderer.render(state).text.contains("acme-prod-us"))
    }
}

extension TUIFixtures {
    /// The same state on a wider terminal, so long messages are not cut.
    static func unlockedWide(_ state: AppState) -> AppState {
        var wide = state
        wide.size = TerminalSize(rows: 48, columns: 160)
        return wide
    }
}

@Suite("The editor: notes, tags as typed, a Test that counts when saved")
struct EditorFieldTests {
    static func editor(_ state: AppState) -> EditorState? {
        if case .editor(let editor) = state.overlay { return editor }
        return nil
    }

    @Test func notesAndTagsWithCommasOrSpaces() throws {
        var state = TUIFixtures.press(TUIFixtures.unlocked(), .character("e")).0
        var editor = try #require(Self.editor(state))
        #expect(editor.tags == "acme", "tags show comma-separated")
        editor.tags = "newco, eu billing,ops"
        editor.notes = "renewal in March"
        state.overlay = .editor(editor)
        let profile = try #require(Self.editor(state)).profile
        #expect(profile.tags == ["newco", "eu", "billing", "ops"])
        #expect(profile.notes == "renewal in March")
        #expect(Renderer.render(state).text.contains("Notes"))
    }

    @Test func aSuccessfulTestOfTheSavedCredentialsKeepsItsResultAndSession() throws {
        var state = TUIFixtures.press(TUIFixtures.unlocked(), .down, .character("e")).0
        let (testing, _) = TUIFixtures.press(state, .control("t"))
        var ok = TUIFixtures.outcome(.ok, http: 200, detail: "Authenticated; Zuora issued a session.", minutesAgo: 0)
        ok.session = Secret("tested-session")
        state = Update.update(testing, .tested(ok)).0
        let (_, effects) = TUIFixtures.press(state, .control("s"))
        guard case .save(let change)? = effects.first, case .saveTested(let original, let profile, let outcome) = change else {
            Issue.record("\(effects)")
            return
        }
        #expect(original == "acme-sandbox" && profile.name == "acme-sandbox" && outcome.ok)
        var payload = TUIFixtures.payload()
        try change.apply(to: &payload)
        #expect(payload.sessions["acme-sandbox"]?.value == Secret("tested-session"))
        #expect(payload.lastOutcome(of: "acme-sandbox")?.status == .ok)
        #expect(change.doneMessage == "Saved acme-sandbox with its Test result and session.")
        // A change to the credentials after the Test makes it not count.
        var changed = try #require(Self.editor(state))
        changed.user = "someone-else@acme.com"
        state.overlay = .editor(changed)
        guard case .save(.replace)? = TUIFixtures.press(state, .control("s")).1.first else {
            Issue.record("an outdated Test must not be kept")
            return
        }
    }
}

@Suite("The editor's kind: an API user or an OAuth client")
struct EditorKindTests {
    @Test func choosingOAuthRelabelsTheFieldsAndSavesAnOAuthProfile() throws {
        var state = TUIFixtures.press(TUIFixtures.unlocked(), .character("a")).0
        state = TUIFixtures.type(state, "acme-client")
        for _ in 0..<9 { state = TUIFixtures.press(state, .tab).0 }
        guard case .editor(let atKind) = state.overlay else { Issue.record("no editor"); return }
        #expect(atKind.focus == .kind)
        state = TUIFixtures.press(state, .right).0
        guard case .editor(var editor) = state.overlay else { return }
        #expect(editor.auth == .oauth)
        let screen = Renderer.render(state).text
        #expect(screen.contains("Client id") && screen.contains("Client secret") && screen.contains("OAuth client"), "\(screen)")
        editor.user = "0123-client"
        editor.password = SecretText("s3cret")
        editor.entityKind = .name
        state.overlay = .editor(editor)
        state = TUIFixtures.press(state, .left, .right).0
        guard case .editor(let switched) = state.overlay else { return }
        #expect(switched.entityKind == .id, "an OAuth client takes entity ids, not a name")
        var plain = switched
        plain.entityKind = .none
        state.overlay = .editor(plain)
        let (_, effects) = TUIFixtures.press(state, .control("s"))
        guard case .save(.add(let profile))? = effects.first else { Issue.record("\(effects)"); return }
        #expect(profile.auth == .oauth && profile.user == "0123-client")
    }
}
