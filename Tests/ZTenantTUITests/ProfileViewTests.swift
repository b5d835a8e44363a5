import Foundation
import Testing
import ZTenantCore
import ZTenantTUI
import ZuoraAPI

@Suite("History (h) and describe (v): full-screen views that wrap, never cut, at every size")
struct ProfileViewTests {
    static func withHistory(size: TerminalSize) -> AppState {
        var state = TUIFixtures.unlocked(size: size)
        for minutes in [300.0, 240, 180, 120] {
            let failing = minutes < 200
            state.payload?.record(TUIFixtures.outcome(failing ? .authFailed : .ok, http: failing ? 401 : 200,
                reasons: failing ? [Reason(code: "90000011", message: "this resource is protected, please sign in first")] : [],
                detail: "d", minutesAgo: minutes), for: "proxy-custom")
        }
        return state
    }

    static func text(_ state: AppState) -> String {
        let grid = Renderer.render(state)
        return (0..<grid.rows).map { grid.line($0) }.joined(separator: "\n")
    }

    @Test func hShowsTheStreakAndEveryStoredCheckNewestFirst() {
        let state = Self.withHistory(size: TerminalSize(rows: 24, columns: 80))
        let selected = TUIFixtures.press(state, .down, .down, .down, .down).0
        #expect(selected.selectedProfile?.name == "proxy-custom")
        let (history, _) = TUIFixtures.press(selected, .character("h"))
        guard case .history(let name, let outcomes) = history.overlay else { Issue.record("no history"); return }
        #expect(name == "proxy-custom")
        #expect(outcomes.count == 4)
        let screen = Self.text(history)
        #expect(screen.contains("History — proxy-custom"))
        #expect(screen.contains("failing since 09:00 — 2 checks, first 90000011"), "\(screen)")
        let day = String(ISO8601.string(TUIFixtures.now).prefix(10))
        let rows = screen.split(separator: "\n").filter { $0.contains(day) }
        #expect(rows.count == 4)
        #expect(rows.first?.contains("10:00") == true && rows.first?.contains("auth_failed") == true, "newest first")
        #expect(rows.last?.contains("07:00") == true && rows.last?.contains("✓ ok") == true)
        #expect(screen.contains("Esc back"), "the footer shows the view's keys")
        #expect(TUIFixtures.press(history, .escape).0.overlay == nil)
        #expect(TUIFixtures.press(history, .character("h")).0.overlay == nil, "h again closes it")
        guard case .describe("proxy-custom") = TUIFixtures.press(history, .character("v")).0.overlay else {
            Issue.record("v from history opens describe")
            return
        }
        let ok = TUIFixtures.press(state, .character("h")).0
        #expect(Self.text(ok).contains("ok since 11:57 — 1 check"))
    }

    @Test(arguments: [TerminalSize(rows: 24, columns: 80), TerminalSize(rows: 35, columns: 120), TerminalSize(rows: 50, columns: 200)])
    func vDescribesEveryFieldAndTheWholeOutcomeWrappedNeverCut(size: TerminalSize) {
        let state = TUIFixtures.press(TUIFixtures.unlocked(size: size), .down).0
        #expect(state.selectedProfile?.name == "acme-sandbox")
        var view = TUIFixtures.press(state, .character("v")).0
        var lines: [String] = []
        // Scroll to the end, collecting every line shown.
        for _ in 0..<10 {
            let grid = Renderer.render(view)
            lines += (1..<(grid.rows - 2)).map { grid.line($0) }
            view = TUIFixtures.press(view, .pageDown).0
        }
        let all = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(!all.contains("…"), "nothing is cut")
        for fact in ["https://rest.sandbox.na.zuora.com", "api@acme.com", "•••••••• (hidden)", "3F2A1B0C9D8E7F60",
            "0b3c6a2e-1111-4c2b-9a3e-5d6f7a8b9c0d", "ztenant-7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6", "90000011",
            "failing since 11:57 — 1 check, first 90000011"]
        {
            #expect(all.contains(fact), "\(fact) at \(size)")
        }
        let detail = "Zuora rejected the credentials (HTTP 401: 90000011: this resource is protected, please sign in first). Check the password (it may have been changed or expired) and that the user belongs to this data centre."
        let squeezed = all.split(separator: " ").joined(separator: " ")
        #expect(squeezed.contains(detail), "the whole detail, wrapped")
        #expect(!all.contains("pw-2"), "the password never shows")
    }
}
