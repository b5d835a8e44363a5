import Foundation
import Testing
import TestSupport
import ZuoraMock

/// The built binary in a real terminal (tmux) against the mock server.
@Suite("The TUI in a real terminal", .serialized)
struct TUIEndToEndTests {
    static let passphrase = "correct horse battery staple"

    /// Whether the line `MODES=…` lists icanon, echo, isig, icrnl and opost all switched on.
    static func saneModes(_ screen: String) -> Bool {
        guard let line = screen.split(separator: "\n").first(where: { $0.hasPrefix("MODES=") }) else { return false }
        let modes = Set(line.dropFirst("MODES=".count).split(separator: " ").map(String.init))
        return modes == ["icanon", "echo", "isig", "icrnl", "opost"]
    }

    func command(_ home: ScratchHome, _ arguments: String = "") -> String {
        "\(ProcessRunner.ztenantBinary) \(arguments)"
    }

    func environment(_ home: ScratchHome, passphraseFile: Bool) -> [String: String] {
        var environment = home.environment
        if !passphraseFile { environment["ZTENANT_PASSPHRASE_FILE"] = "" }
        environment["ZTENANT_THEMES_DIR"] = Fixtures.repositoryRoot.appendingPathComponent("themes").path
        environment["TERM"] = "xterm-256color"
        return environment
    }

    /// Fills the add form: name, a custom URL, user, password; saves with Ctrl-S.
    func addProfile(_ tmux: TmuxSession, name: String, url: String, user: String, password: String) async throws {
        try tmux.send("a")
        try await tmux.waitFor("Add profile")
        try tmux.type(name)
        try tmux.send("Tab", "Tab", "C-u")
        try tmux.type(url)
        try tmux.send("Tab")
        try tmux.type(user)
        try tmux.send("Tab")
        try tmux.type(password)
        try tmux.send("C-s")
        try await tmux.waitFor("Added \(name).")
    }

    @Test func aWholeSessionCreatesAddsChecksUsesFiltersResizesLocksAndQuits() async throws {
        try await withMockServer { server in
            let home = try ScratchHome(passphrase: Self.passphrase)
            let tmux = try TmuxSession(command(home, "tui --kdf-log-n 10"), columns: 150, rows: 40,
                environment: environment(home, passphraseFile: false))

            try await tmux.waitFor("create a vault")
            try tmux.type(Self.passphrase)
            try tmux.send("Tab")
            try tmux.type(Self.passphrase)
            try tmux.send("Enter")
            try await tmux.waitFor("No profiles yet")

            try await addProfile(tmux, name: "good", url: server.baseURL, user: "demo@example.com", password: "demo-password")
            try await addProfile(tmux, name: "stale", url: server.baseURL, user: "demo@example.com", password: "old-password")
            try await addProfile(tmux, name: "blocked", url: server.baseURL, user: "forbidden@example.com", password: "x")

            try tmux.send("C")
            var screen = try await tmux.waitFor("Checked 3:", "✗ auth_failed 90000011", "✗ permission_denied", "✓ ok")
            #expect(!screen.contains("demo-password"))

            // The detail pane (beside the table at 150 columns) shows the failure's reasons. The
            // table is sorted by name: blocked, good, stale.
            try tmux.send("G")
            try await tmux.waitFor("this resource is protected, please sign in first", "processId")

            try tmux.send("k", "Enter")
            // The active marker is a character, not only a colour.
            try await tmux.waitFor("Using good", "›*  good")

            try tmux.send("/")
            try tmux.type("stale")
            // The header and the table are painted in one refresh, but a capture can land
            // between them: wait for the whole filtered frame.
            try await tmux.waitUntil(what: "the filtered table: stale's row and no other") {
                $0.contains("1 of 3 match 'stale'") && $0.contains("  stale ") && !$0.contains("blocked") && !$0.contains("  good ")
            }
            try tmux.send("Escape", "Escape")
            try await tmux.waitFor("3 profile(s)")

            try tmux.resize(columns: 90, rows: 30)
            screen = try await tmux.waitUntil(what: "a stacked layout") { $0.split(separator: "\n").first.map { $0.count <= 90 } == true && $0.contains("┌─ blocked") }
            try tmux.resize(columns: 50, rows: 12)
            try await tmux.waitFor("Terminal too small")
            try tmux.resize(columns: 150, rows: 40)
            try await tmux.waitFor("3 profile(s)")

            try tmux.send("L")
            try await tmux.waitFor("Locked by you (L).")
            try tmux.type("not it")
            try tmux.send("Enter")
            try await tmux.waitFor("wrong passphrase")
            try tmux.type(Self.passphrase)
            try tmux.send("Enter")
            try await tmux.waitFor("Unlocked 3 profile(s)")

            try tmux.send("q")
            screen = try await tmux.waitFor("MODES=")
            #expect(screen.contains("EXIT=0"))
            #expect(Self.saneModes(screen), "the terminal is back in cooked mode: \(screen)")

            let list = try await home.run(["list", "--json"])
            #expect(list.status == 0, "\(list.allOutput)")
            #expect(list.stdout.contains("\"name\":\"good\"") && list.stdout.contains("\"name\":\"stale\"") && list.stdout.contains("\"name\":\"blocked\""))
            #expect(list.stdout.contains("\"status\":\"auth_failed\""), "check results were saved")
            let current = try await home.run(["current"])
            #expect(current.stdout.hasPrefix("good"))
        }
    }

    @Test func sigtermMidCheckRestoresTheTerminalAndKeepsTheVault() async throws {
        try await withMockServer { server in
            let home = try ScratchHome(passphrase: Self.passphrase)
            _ = try await home.run(["init"])
            _ = try await home.run(["add", "hangs", "--url", server.baseURL, "--user", "stuck@example.com", "--password-stdin"], stdin: "x")
            let tmux = try TmuxSession(command(home), columns: 120, rows: 30, environment: environment(home, passphraseFile: true))
            try await tmux.waitFor("Unlocked 1 profile(s)")
            try tmux.send("C")
            #expect(try await tmux.waitFor("checking…").contains("hangs"))
            let pid = try #require(try tmux.commandPID())
            kill(pid, SIGTERM)
            let screen = try await tmux.waitFor("MODES=")
            #expect(screen.contains("EXIT=143"))
            #expect(Self.saneModes(screen), "\(screen)")
            let list = try await home.run(["list", "--json"])
            #expect(list.status == 0)
            #expect(list.stdout.contains("\"name\":\"hangs\""))
        }
    }

    @Test func aFormat1VaultConvertsAtTheFirstChangeAndTheTUISaysSo() async throws {
        let home = try ScratchHome(passphrase: "fixture passphrase v1")
        try FileManager.default.createDirectory(atPath: (home.vault as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fixture = Fixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/vaults/v1-vault.ztv").path
        try FileManager.default.copyItem(atPath: fixture, toPath: home.vault)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: home.vault)
        let original = try Data(contentsOf: URL(fileURLWithPath: home.vault))

        let tmux = try TmuxSession(command(home), columns: 200, rows: 30, environment: environment(home, passphraseFile: true))
        try await tmux.waitFor("Unlocked 3 profile(s)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.vault)) == original, "unlocking and reading wrote nothing")
        try tmux.send("G", "d")
        try await tmux.waitFor("Delete profile 'globex-europe'")
        try tmux.send("y")
        try await tmux.waitFor("to vault format 2", "converted")
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.vault + ".v1.bak")) == original)
        try tmux.send("q")
        let list = try await home.run(["list", "--json"])
        #expect(list.status == 0, "\(list.allOutput)")
        #expect(list.stdout.split(separator: "\n").count == 2, "the deletion landed in format 2")
    }

    @Test func theDemoShowsEveryFailureWithOneCommand() async throws {
        let tmux = try TmuxSession("\(ProcessRunner.ztenantBinary) demo", columns: 160, rows: 40,
            environment: ["ZTENANT_THEMES_DIR": Fixtures.repositoryRoot.appendingPathComponent("themes").path, "TERM": "xterm-256color"])
        try await tmux.waitFor("Demo: 14 profiles")
        try tmux.send("C")
        let statuses = ["✓ ok", "✗ auth_failed", "✗ entity_error", "! rate_limited", "! server_error", "! timeout", "! protocol_error", "! network_error"]
        try await tmux.waitUntil(deadline: .seconds(30), what: "Checked 14: and every status") { screen in
            screen.contains("Checked 14:") && statuses.allSatisfy { screen.contains($0) }
        }
        try tmux.send("q")
        #expect(try await tmux.waitFor("EXIT=").contains("EXIT=0"))
    }

    @Test func noColorStillMarksEverything() async throws {
        let tmux = try TmuxSession("\(ProcessRunner.ztenantBinary) demo --no-color", columns: 120, rows: 30,
            environment: ["TERM": "xterm-256color"])
        // The selection and the active profile are characters, not only colours.
        try await tmux.waitFor("Demo: 14 profiles", "›   acme-oauth-billing", " *  acme-prod-us")
        try tmux.send("q")
        #expect(try await tmux.waitFor("EXIT=").contains("EXIT=0"))
    }

    @Test(arguments: ["xterm-256color", "screen", "tmux-256color", "linux", "vt100"])
    func everyTerminalWithCursorAddressingRunsTheTUIAndIsLeftClean(term: String) async throws {
        let tmux = try TmuxSession("\(ProcessRunner.ztenantBinary) demo", columns: 100, rows: 30,
            environment: ["ZTENANT_THEMES_DIR": Fixtures.repositoryRoot.appendingPathComponent("themes").path, "TERM": term])
        try await tmux.waitFor("Demo: 14 profiles", "acme-prod-us")
        try tmux.send("q")
        let after = try await tmux.waitFor("MODES=")
        #expect(after.contains("EXIT=0"))
        #expect(Self.saneModes(after), "\(after)")
        // linux and vt100 have no alternate screen: the TUI erases its last frame itself.
        #expect(!after.contains("acme-prod-us"), "the last frame is not left under the prompt with TERM=\(term):\n\(after)")
    }

    @Test(arguments: ["dumb", "no-such-terminal", nil] as [String?])
    func aTerminalThatCannotDrawAFullScreenGetsAClearErrorAndExit2(term: String?) async throws {
        let setTerm = term.map { "export TERM='\($0)'" } ?? "unset TERM"
        let tmux = try TmuxSession("\(setTerm); \(ProcessRunner.ztenantBinary) demo 2>&1", columns: 160, rows: 30)
        // The message wraps at the pane's width: read it as one line.
        let screen = try await tmux.waitFor("EXIT=").replacingOccurrences(of: "\n", with: "")
        #expect(screen.contains("EXIT=2"), "\(screen)")
        #expect(screen.contains("cannot run the full-screen interface"))
        #expect(screen.contains("Use the command line instead (ztenant list, ztenant check --all, ztenant show NAME)"))
        #expect(screen.contains(term == nil ? "TERM is not set" : term == "dumb" ? "it cannot move the cursor" : "terminfo does not know"))
        #expect(!screen.contains("\u{1B}"), "no escape sequence was drawn")
    }

    @Test func aFleetDaySortsGroupsFiltersOpensHistoryCopiesASessionAndReturnsFromAShell() async throws {
        try await withMockServer { server in
            let home = try ScratchHome(passphrase: Self.passphrase)
            #expect(try await home.run(["init", "--kdf-log-n", "10"]).status == 0)
            for (name, password, extra) in [("good", "demo-password", ["--env-class", "production"]), ("stale", "old-password", []),
                ("other", "demo-password", ["--env-class", "sandbox"])]
            {
                let added = try await home.run(["add", name, "--url", server.baseURL, "--user", "demo@example.com", "--password-stdin"] + extra,
                    stdin: password + "\n")
                #expect(added.status == 0, "\(added.allOutput)")
            }
            let shellOutput = home.root + "/shell.out"
            let shell = home.root + "/shell.sh"
            try "#!/bin/sh\necho \"$ZTENANT_PROFILE $ZTENANT_ENV_CLASS ${#ZUORA_SESSION}\" > \(shellOutput)\n".write(toFile: shell, atomically: true,
                encoding: .utf8)
            chmod(shell, 0o755)
            var environment = environment(home, passphraseFile: true)
            environment["SHELL"] = shell
            let tmux = try TmuxSession(command(home, "tui"), columns: 120, rows: 35, environment: environment)
            try tmux.setOption("set-clipboard", "on")
            try await tmux.waitFor("Unlocked 3 profile(s)")

            try tmux.send("C")
            try await tmux.waitFor("Checked 3: 1 failing.")
            try tmux.send("s", "s", "s")
            try await tmux.waitFor("by status")
            try tmux.send("o")
            // Failing first, then ok by name, under the group's heading.
            try await tmux.waitUntil(what: "OTHER · 3 · 1 failing over stale, good, other in that order") { screen in
                let rows = screen.split(separator: "\n").map(String.init)
                let order = ["stale", "good", "other"].map { name in rows.firstIndex { $0.contains("  \(name) ") } ?? -1 }
                return screen.contains("OTHER · 3 · 1 failing") && order == order.sorted() && !order.contains(-1)
            }

            try tmux.send("/")
            try tmux.type("status:!ok")
            try tmux.send("Enter")
            try await tmux.waitFor("1 of 3 match 'status:!ok'")
            try tmux.send("h")
            try await tmux.waitFor("History — stale")
            // The view opens at once; its checks arrive when the history chunk is read.
            try await tmux.waitFor("failing since", "History — stale", "auth_failed")
            try tmux.send("Escape")
            try await tmux.waitFor("1 of 3 match")
            try tmux.send("Escape")
            try await tmux.waitFor("3 profile(s)")

            // good is second (after the failing stale): a production profile, so y asks first.
            try tmux.send("j", "y")
            try await tmux.waitFor("Production tenant")
            try tmux.send("y")
            try await tmux.waitFor("Copied good's")
            let session = try await home.run(["session", "good"])
            #expect(session.status == 0, "\(session.allOutput)")
            #expect(try tmux.pasteBuffer() == session.stdout.trimmingCharacters(in: .newlines), "tmux received the session through OSC 52")
            #expect(!(try tmux.capture()).contains(session.stdout.trimmingCharacters(in: .newlines)), "and the screen never showed it")

            try tmux.send("!")
            try await tmux.waitFor("Back from the shell for good.")
            let written = try String(contentsOfFile: shellOutput, encoding: .utf8)
            #expect(written == "good production \(session.stdout.trimmingCharacters(in: .newlines).count)\n")

            // Another process writes while the TUI runs: the table picks it up.
            let added = try await home.run(["add", "elsewhere", "--url", server.baseURL, "--user", "x@example.com", "--password-stdin"],
                stdin: "pw\n")
            #expect(added.status == 0)
            try await tmux.waitFor("The vault changed in another process")
            try await tmux.waitFor("4 profile(s)")

            try tmux.send("q")
            #expect(try await tmux.waitFor("MODES=").contains("EXIT=0"))
        }
    }
}
