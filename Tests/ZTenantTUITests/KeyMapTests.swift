import Foundation
import Testing
import TestSupport
import ZTenantCore
import ZTenantTUI

@Suite("One key map: bindings, rebinding from keys.toml, footer, help and docs from one table")
struct KeyMapTests {
    @Test func theDefaultsGiveEveryKeyOneActionPerScreen() {
        for scope in KeyScope.allCases {
            var seen: [Key: KeyAction] = [:]
            for action in KeyAction.allCases where action.scope == scope {
                for key in action.defaultKeys {
                    #expect(seen[key] == nil, "\(KeyName.configName(key)) is both \(seen[key]?.rawValue ?? "") and \(action.rawValue) on \(scope)")
                    seen[key] = action
                }
                #expect(!action.defaultKeys.isEmpty, "\(action.rawValue) has a key")
            }
        }
    }

    @Test func keyNamesReadAndWriteBothWays() {
        for action in KeyAction.allCases {
            for key in action.defaultKeys {
                #expect(KeyName.parse(KeyName.configName(key)) == key, "\(KeyName.configName(key))")
            }
        }
        #expect(KeyName.parse("Ctrl+K") == .control("k"))
        #expect(KeyName.parse("PageDown") == .pageDown)
        #expect(KeyName.parse("F13") == nil)
        #expect(KeyName.parse("hyper+x") == nil)
        #expect(KeyName.shown(.control("r")) == "Ctrl-R")
    }

    @Test func aRebindingChangesWhatTheKeyDoesAndTheFooterAndHelpFollow() {
        let (map, problems) = KeyMapFile.read("""
            # mine
            check = "x"
            quit = ["Q", "ctrl+q"]
            reveal = "f5"
            """, path: "/cfg/keys.toml")
        #expect(problems.isEmpty, "\(problems)")
        var state = TUIFixtures.unlocked()
        state.keyMap = map
        #expect(TUIFixtures.press(state, .character("x")).1 == [.check(["acme-prod-us"])])
        #expect(TUIFixtures.press(state, .character("c")).1.isEmpty, "the old key no longer checks")
        #expect(TUIFixtures.press(state, .control("q")).0.quitting)
        #expect(!TUIFixtures.press(state, .character("q")).0.quitting)
        let footer = Renderer.render(state).line(23)
        #expect(footer.contains("x check") && footer.contains("Q quit"), "\(footer)")
        let help = TUIFixtures.press(state, .character("?")).0
        let screen = Renderer.render(help)
        #expect((0..<screen.rows).map { screen.line($0) }.contains { $0.contains("x") && $0.contains("check the selected profile") })
        let editing = TUIFixtures.press(state, .character("a"), .function(5)).0
        guard case .editor(let editor) = editing.overlay else { Issue.record("no editor"); return }
        #expect(editor.revealPassword, "editor actions rebind too")
    }

    @Test func badLinesAreReportedWithFileAndLineAndTheDefaultsStay() {
        let (map, problems) = KeyMapFile.read("""
            check = "s"
            frobnicate = "z"
            sort = "hyper+s"
            save = "w"
            delete = 4
            lock = "x"
            theme = "x"
            """, path: "/cfg/keys.toml")
        #expect(problems.count == 6, "\(problems)")
        #expect(problems.contains("/cfg/keys.toml:1: s is also sort on the table screen; kept the defaults for check."))
        #expect(problems.contains { $0.hasPrefix("/cfg/keys.toml:2: unknown action 'frobnicate'") })
        #expect(problems.contains { $0.hasPrefix("/cfg/keys.toml:3: 'hyper+s' is not a key that can be bound") })
        #expect(problems.contains { $0.hasPrefix("/cfg/keys.toml:4: save needs a key that types nothing") })
        #expect(problems.contains { $0.hasPrefix("/cfg/keys.toml:5: delete takes a key name or a list") })
        #expect(problems.contains { $0.hasPrefix("/cfg/keys.toml:6: x is also theme") })
        #expect(map.keys[.check] == [.character("c")], "the clash keeps the default")
        #expect(map.keys[.sort] == [.character("s")])
        #expect(map.keys[.theme] == [.character("x")], "one of two clashing lines is kept")
        #expect(map.keys[.lock] == [.character("L")])
        // A clash that only appears once another action went back to its defaults is found too.
        let chained = KeyMapFile.read("shell = \"y\"\ncopy-session = \"k\"\n", path: "/cfg/keys.toml")
        #expect(chained.problems.count == 2, "\(chained.problems)")
        #expect(chained.map.action(for: .character("y"), in: .table) == .copy)
        #expect(chained.map.action(for: .character("!"), in: .table) == .shell, "shell went back to its default")
        #expect(KeyMapFile.read("help = \"\u{9B}\"\nquit = \"ctrl+c\"\nup = []\n", path: "/k").problems.count == 3,
            "a C1 control, an unbindable ctrl key, an empty list")
        let broken = KeyMapFile.read("check = \"x", path: "/cfg/keys.toml")
        #expect(broken.map == .defaults)
        #expect(broken.problems.first?.hasPrefix("/cfg/keys.toml: line 1:") == true, "\(broken.problems)")
    }

    @Test func theFooterKeepsHelpAndQuitAtAnyWidthAndShowsTheModesKeys() {
        let narrow = TUIFixtures.unlocked(size: TerminalSize(rows: 16, columns: 60))
        let footer = Renderer.render(narrow).line(15)
        #expect(footer.contains("? help") && footer.contains("q quit"), "\(footer)")
        let filtering = TUIFixtures.press(TUIFixtures.unlocked(), .character("/")).0
        let filterFooter = Renderer.render(filtering).line(23)
        #expect(filterFooter.contains("Enter keep") && filterFooter.contains("Esc clear"), "\(filterFooter)")
        let editing = TUIFixtures.press(TUIFixtures.unlocked(), .character("a")).0
        let editorFooter = Renderer.render(editing).line(23)
        #expect(editorFooter.contains("Ctrl-S save") && editorFooter.contains("Esc cancel"), "\(editorFooter)")
    }

    @Test func theHeaderNeverRunsIntoTheLockCountdown() {
        for columns in [60, 80, 100, 120] {
            var state = TUIFixtures.unlocked(size: TerminalSize(rows: 24, columns: columns))
            state.banner = "demo · passphrase: demo passphrase"
            state = TUIFixtures.press(state, .character("s"), .character("o")).0
            let header = Renderer.render(state).line(0)
            #expect(header.hasSuffix(" locks in 10m "), "\(columns): \(header)")
            #expect(header.contains("… locks in 10m") || header.contains("  locks in 10m") || header.contains(" │ locks"),
                "the left part is cut before the countdown at \(columns): \(header)")
        }
    }

    @Test func docsKeyTableIsGeneratedFromTheKeyMap() throws {
        let path = Fixtures.repositoryRoot.appendingPathComponent("docs/tui.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let begin = "<!-- keys:begin (generated from KeyMap; ZTENANT_RECORD_SNAPSHOTS=1 swift test --filter KeyMapTests rewrites it) -->\n"
        let end = "<!-- keys:end -->"
        let table = KeyMap.defaults.markdownTable()
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else {
            Issue.record("docs/tui.md has no generated key table between the markers")
            return
        }
        let current = String(text[start.upperBound..<stop.lowerBound])
        if current != table, ProcessInfo.processInfo.environment["ZTENANT_RECORD_SNAPSHOTS"] == "1" {
            try (String(text[..<start.upperBound]) + table + String(text[stop.lowerBound...])).write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == table, "docs/tui.md's key table differs from the key map: rerun with ZTENANT_RECORD_SNAPSHOTS=1")
    }
}
