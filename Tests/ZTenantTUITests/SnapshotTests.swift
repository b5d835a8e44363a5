import Foundation
import Testing
import ZTenantCore
import ZTenantTUI
import ZTenantThemes

/// Render snapshots: each screen at 80×24, 120×35 and 200×50, as text, as theme roles (what colour
/// each cell gets) and as NO_COLOR attributes (what carries meaning without colour). Stored
/// under `Snapshots/`; set `ZTENANT_RECORD_SNAPSHOTS=1` to rewrite them after a deliberate change.
@Suite("Render snapshots")
struct SnapshotTests {
    static let sizes = [TerminalSize(rows: 24, columns: 80), TerminalSize(rows: 35, columns: 120), TerminalSize(rows: 50, columns: 200)]

    static func screens(_ size: TerminalSize) -> [(String, AppState)] {
        let table = TUIFixtures.unlocked(size: size)
        var hostile = TUIFixtures.press(table, .end).0
        hostile.message = .init(text: "東京-prod: ✗ auth_failed — " + (hostile.payload?.lastOutcome(of: "東京-prod")?.detail ?? ""), kind: .error)
        var filtered = TUIFixtures.type(TUIFixtures.press(table, .character("/")).0, "acme")
        filtered.filtering = true
        let checking = TUIFixtures.press(table, .character("C")).0
        let grouped = TUIFixtures.press(table, .character("s"), .character("s"), .character("s"), .character("o")).0
        let badFilter = TUIFixtures.type(TUIFixtures.press(table, .character("/")).0, "env:prod status:fine")
        let editor = TUIFixtures.press(TUIFixtures.type(TUIFixtures.press(table, .character("a")).0, "bad name"), .control("s")).0
        let help = TUIFixtures.press(table, .character("?")).0
        let history = TUIFixtures.press(table, .down, .character("h")).0
        let describe = TUIFixtures.press(table, .down, .character("v")).0
        let guarded = TUIFixtures.press(table, .enter).0
        var rebound = table
        let keys = KeyMapFile.read("check = \"x\"\nsort = \"c\"\nfrobnicate = \"z\"\n", path: "/home/op/.config/ztenant/keys.toml")
        rebound.keyMap = keys.map
        rebound.keyProblem = keys.problems.first
        rebound = Update.update(rebound, .unlocked(TUIFixtures.payload())).0
        var demoHeader = table
        demoHeader.banner = "demo · passphrase: demo passphrase"
        let delete = TUIFixtures.press(table, .down, .character("d")).0
        var locked = TUIFixtures.press(table, .character("L")).0
        locked = Update.update(TUIFixtures.type(locked, "hunter2x"), .key(.enter)).0
        locked = Update.update(locked, .unlockFailed(message: "wrong passphrase for the vault /home/op/.local/share/ztenant/vault.ztv. Try again; the passphrase is case-sensitive.", corrupted: false)).0
        var creating = AppState(phase: .creating, vaultPath: "/home/op/.local/share/ztenant/vault.ztv", themeNames: ["default"],
            themeName: "default", size: size, now: TUIFixtures.now)
        creating = TUIFixtures.type(creating, "correct horse")
        return [("table", table), ("hostile-detail", hostile), ("filter", filtered), ("checking", checking), ("grouped", grouped), ("filter-error", badFilter), ("editor", editor),
            ("help", help), ("history", history), ("describe", describe), ("guard", guarded), ("keys-toml", rebound),
            ("demo-header", demoHeader), ("delete", delete), ("locked", locked), ("create", creating)]
    }

    static let roleLetters: [ThemeRole: Character] = [
        .text: " ", .muted: "m", .border: "+", .title: "T", .selection: "S", .statusOK: "o", .statusFail: "f", .statusWarn: "w",
        .envProduction: "P", .envSandbox: "s", .envTest: "t", .envCustom: "c", .badge: "b", .input: "i", .inputFocused: "I",
        .error: "E", .header: "H", .footer: "F", .key: "K",
    ]

    static func snapshot(_ grid: Grid) -> String {
        var text: [String] = []
        var roles: [String] = []
        var attributes: [String] = []
        for row in 0..<grid.rows {
            text.append(grid.line(row))
            var roleLine = ""
            var attributeLine = ""
            for column in 0..<grid.columns {
                let cell = grid[row, column]
                roleLine.append(roleLetters[cell.role] ?? "?")
                let style = Theme.monochrome.style(cell.role)
                let flags = [style.bold ? "b" : "", style.underline ? "u" : "", style.reverse ? "r" : ""].joined()
                attributeLine.append(flags.isEmpty ? "." : flags.count > 1 ? "x" : Character(flags))
            }
            roles.append(roleLine)
            attributes.append(attributeLine)
        }
        return (["# text"] + text + ["# roles (colour themes)"] + roles + ["# attributes (NO_COLOR: b bold, u underline, r reverse, x several)"]
            + attributes).joined(separator: "\n") + "\n"
    }

    static var folder: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots") }

    @Test(arguments: sizes)
    func everyScreenMatchesItsSnapshot(size: TerminalSize) throws {
        let record = ProcessInfo.processInfo.environment["ZTENANT_RECORD_SNAPSHOTS"] == "1"
        for (name, state) in Self.screens(size) {
            let grid = Renderer.render(state)
            let actual = Self.snapshot(grid)
            let file = Self.folder.appendingPathComponent("\(name)-\(size.columns)x\(size.rows).txt")
            if record {
                try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
                try actual.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
                Issue.record("missing snapshot \(file.lastPathComponent): run with ZTENANT_RECORD_SNAPSHOTS=1 and review it")
                continue
            }
            if actual != expected {
                let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
                let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let first = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }
                Issue.record("\(file.lastPathComponent) differs at line \((first?.offset ?? 0) + 1):\n  got:      \(first?.element.0 ?? "")\n  expected: \(first?.element.1 ?? "")")
            }
        }
    }

    @Test func noScreenEverShowsASecretOrAControlCharacter() {
        for size in Self.sizes {
            for (name, state) in Self.screens(size) {
                let text = Renderer.render(state).text
                for secret in ["pw-1", "pw-2", "session-secret-value", "correct horse", "hunter2x"] {
                    #expect(!text.contains(secret), "\(name) at \(size.columns)x\(size.rows) shows \(secret)")
                }
                #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(name)")
                #expect(!text.contains("\u{202E}"))
            }
        }
    }

    @Test func everyScreenFitsAndWideCharactersTakeTwoCells() {
        for size in Self.sizes {
            let grid = Renderer.render(TUIFixtures.unlocked(size: size))
            for row in 0..<grid.rows {
                #expect(DisplayWidth.of(grid.line(row)) == size.columns, "row \(row) is exactly the width")
            }
            #expect(grid.text.contains("東京-prod"))
        }
    }

    @Test func aTooSmallTerminalSaysSo() {
        var state = TUIFixtures.unlocked()
        state.size = TerminalSize(rows: 10, columns: 50)
        let text = Renderer.render(state).text
        #expect(text.contains("Terminal too small: 50×10."))
        #expect(text.contains("at least 60×16"))
    }

    @Test func theDetailPaneStacksWhenNarrowAndSitsBesideWhenWide() {
        let narrow = Layout(size: TerminalSize(rows: 40, columns: 100))
        #expect(narrow.detail?.column == 0)
        #expect((narrow.detail?.row ?? 0) > narrow.tableBody.row)
        let wide = Layout(size: TerminalSize(rows: 40, columns: 160))
        #expect((wide.detail?.column ?? 0) > 0)
        #expect(Layout(size: TerminalSize(rows: 24, columns: 100)).detail == nil, "too short for a stacked pane")
    }
}
