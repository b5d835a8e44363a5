import Foundation
import Testing
import ZTenantCore
import ZTenantTUI
import ZuoraAPI

@Suite("Sorting, grouping and filtering the table; checks that report their own counts")
struct FleetTableTests {
    let state = TUIFixtures.unlocked(size: TerminalSize(rows: 35, columns: 120))

    @Test func sCyclesTheSortSReversesAndBothAreKept() {
        #expect(state.visibleProfiles.first?.name == "acme-prod-us", "by name")
        let (byEnvironment, effects) = TUIFixtures.press(state, .character("s"))
        #expect(byEnvironment.order == ProfileOrder(.environment))
        #expect(effects == [.setSetting(.tuiSort, "env"), .setSetting(.tuiGroup, "none")])
        let (byStatus, _) = TUIFixtures.press(state, .character("s"), .character("s"), .character("s"))
        #expect(byStatus.order.key == .status)
        #expect(byStatus.visibleProfiles.map(\.name).last == "acme-prod-us", "the only ok profile comes last")
        #expect(byStatus.visibleProfiles.first?.name == "acme-sandbox", "auth_failed first")
        let (reversed, reversedEffects) = TUIFixtures.press(byStatus, .character("S"))
        #expect(reversed.visibleProfiles.first?.name == "acme-prod-us")
        #expect(reversedEffects.first == .setSetting(.tuiSort, "-status"))
        #expect(Renderer.render(reversed).line(0).contains("by status (reversed)"))
    }

    @Test func oGroupsWithHeadersAndTheSelectionSkipsThem() {
        let (grouped, effects) = TUIFixtures.press(state, .character("o"))
        #expect(grouped.grouping == .dataCentre)
        #expect(effects.last == .setSetting(.tuiGroup, "dc"))
        let screen = Renderer.render(grouped)
        let lines = (0..<screen.rows).map { screen.line($0) }
        #expect(lines.contains { $0.hasPrefix(" US · 3 · 2 failing") }, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.hasPrefix(" EU · 1 · 1 failing") })
        #expect(lines.contains { $0.hasPrefix(" OTHER · 1") })
        #expect(grouped.table.rows.first == .group("US · 3 · 2 failing"))
        #expect(grouped.selectedRow == 1, "the selection is on a profile, not a header")
        let moved = TUIFixtures.press(grouped, .down, .down, .down).0
        #expect(moved.selectedProfile?.name == "globex-europe-finance-operations-team", "down crosses the EU header")
        #expect(moved.selectedRow == 5)
        let cycled = TUIFixtures.press(grouped, .character("o"), .character("o"), .character("o")).0
        #expect(cycled.grouping == .none)
        #expect(!cycled.table.rows.contains { if case .group = $0 { true } else { false } })
    }

    @Test func slashShowsTheOldFilterSelectedAndTypingReplacesIt() {
        let kept = TUIFixtures.press(TUIFixtures.type(TUIFixtures.press(state, .character("/")).0, "acme"), .enter).0
        let reopened = TUIFixtures.press(kept, .character("/")).0
        #expect(reopened.filterSelected)
        #expect(TUIFixtures.type(reopened, "dc:eu").filter == "dc:eu", "typing replaces the selected filter")
        #expect(TUIFixtures.type(TUIFixtures.press(reopened, .end).0, " env:prod").filter == "acme env:prod", "End keeps it to edit")
        #expect(TUIFixtures.press(reopened, .backspace).0.filter == "")
    }

    @Test func aTermThatDoesNotParseIsLeftOutAndTheLineSaysWhy() {
        let typing = TUIFixtures.type(TUIFixtures.press(state, .character("/")).0, "status:!ok dc:mar")
        #expect(typing.filterError?.contains("unknown data centre 'mar'") == true)
        #expect(typing.visibleProfiles.count == 5, "the term that parses (status:!ok) still applies")
        let screen = Renderer.render(typing)
        #expect(screen.line(screen.rows - 2).contains("✗ filter term 'dc:mar'"))
        let entered = TUIFixtures.press(typing, .enter).0
        #expect(entered.filtering, "Enter does not close a filter that does not parse")
        let fixed = TUIFixtures.press(TUIFixtures.press(entered, .backspace).0, .backspace).0
        #expect(fixed.filter == "status:!ok dc:m")
        let done = TUIFixtures.press(TUIFixtures.type(TUIFixtures.press(fixed, .backspace).0, "us"), .enter).0
        #expect(!done.filtering)
        #expect(done.visibleProfiles.map(\.name) == ["acme-sandbox", "initech-test"])
        #expect(Renderer.render(done).line(0).contains("2 of 6 match 'status:!ok dc:us'"))
    }

    @Test func aFilteredCheckReportsItsOwnCounts() {
        let filtered = TUIFixtures.press(TUIFixtures.type(TUIFixtures.press(state, .character("/")).0, "acme"), .enter).0
        var (running, effects) = TUIFixtures.press(filtered, .character("C"))
        #expect(effects == [.check(["acme-prod-us", "acme-sandbox"])])
        for profile in filtered.visibleProfiles {
            let ok = profile.name == "acme-prod-us"
            let outcome = TUIFixtures.outcome(ok ? .ok : .authFailed, http: ok ? 200 : 401, detail: "d", minutesAgo: 0)
            running = Update.update(running, .checkResult(FleetCheckResult(profile: profile, outcome: outcome, skipped: false))).0
        }
        let finished = Update.update(running, .checksFinished(cancelled: false)).0
        #expect(finished.message?.text == "Checked 2: 1 failing.", "not the whole vault's four failing")
    }

    @Test func cDuringACheckQueuesTheProfileAndChecksItAfter() {
        let (running, _) = TUIFixtures.press(state, .character("c"))
        let (queued, none) = TUIFixtures.press(running, .down, .character("c"))
        #expect(none.isEmpty)
        #expect(queued.queued == ["acme-sandbox"])
        #expect(queued.message?.text == "Queued acme-sandbox: checked when the running check ends (1 queued).")
        let again = TUIFixtures.press(queued, .character("c")).0
        #expect(again.message?.text == "acme-sandbox is already being checked.")
        #expect(again.queued == ["acme-sandbox"])
        let (next, started) = Update.update(queued, .checksFinished(cancelled: false))
        #expect(started == [.check(["acme-sandbox"])])
        #expect(next.fleet?.names == ["acme-sandbox"])
        #expect(next.queued.isEmpty)
        let cancelled = Update.update(queued, .checksFinished(cancelled: true))
        #expect(cancelled.1.isEmpty, "a cancelled check drops the queue too")
    }
}
