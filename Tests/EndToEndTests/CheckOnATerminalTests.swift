import Foundation
import Testing
import TestSupport
import ZuoraMock

/// `check` in a real terminal (tmux): the live status line, aligned columns and colour.
@Suite("check on a terminal shows a live status line, aligned columns and colour")
struct CheckOnATerminalTests {
    func home(_ server: MockZuoraServer) async throws -> ScratchHome {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        for (name, password) in [("a", "demo-password"), ("a-much-longer-name", "wrong"), ("b", "demo-password")] {
            #expect(try await home.run(["add", name, "--url", server.baseURL, "--user", "demo@example.com", "--password-stdin"],
                stdin: password + "\n").status == 0)
        }
        return home
    }

    @Test func theStatusLineCountsDownPacingAndIsErasedAtTheEnd() async throws {
        try await withMockServer { server in
            let home = try await home(server)
            let tmux = try TmuxSession("unset NO_COLOR; \(ProcessRunner.ztenantBinary) check --all --rate 1/s", environment: home.environment)
            // Seen while the check runs: one login a second, so two wait their turn.
            let live = try await tmux.waitFor("pacing 1/s to 127.0.0.1, next in")
            let counted = ["checking 0/3", "checking 1/3", "checking 2/3"].contains { live.contains($0) }
            #expect(counted, "\(live)")
            let done = try await tmux.waitFor("EXIT=30")
            #expect(!done.contains("checking "), "the status line is erased at the end:\n\(done)")
            #expect(done.contains("3 checked: 2 ok, 1 failed."), "\(done)")

            // Aligned: every status word starts in the same column.
            let rows = done.components(separatedBy: "\n").filter { $0.hasPrefix("✓ ") || $0.hasPrefix("✗ ") }
            #expect(rows.count == 3, "\(done)")
            let columns = Set(rows.compactMap { row in
                ["ok", "auth_failed"].compactMap { word in row.range(of: "  " + word + " ") }.first
                    .map { row.distance(from: row.startIndex, to: $0.lowerBound) }
            })
            #expect(columns.count == 1, "status words line up:\n\(rows.joined(separator: "\n"))")

            // Coloured by the theme: the marks and words carry SGR sequences.
            let coloured = try tmux.captureWithEscapes()
            let failRow = try #require(coloured.components(separatedBy: "\n").first { $0.contains("a-much-longer-name") })
            #expect(failRow.contains("\u{1B}["), "the failed row is coloured: \(failRow.debugDescription)")
        }
    }

    @Test func noColorKeepsTheTerminalOutputPlain() async throws {
        try await withMockServer { server in
            let home = try await home(server)
            let tmux = try TmuxSession("NO_COLOR=1 \(ProcessRunner.ztenantBinary) check --all --rate unlimited", environment: home.environment)
            _ = try await tmux.waitFor("EXIT=30")
            let screen = try tmux.captureWithEscapes()
            let rows = screen.components(separatedBy: "\n").filter { $0.contains("demo@") || $0.hasPrefix("✓") || $0.hasPrefix("✗") }
            #expect(!rows.isEmpty)
            #expect(!rows.contains { $0.contains("\u{1B}[") }, "NO_COLOR: no colour:\n\(rows.joined(separator: "\n").debugDescription)")
        }
    }
}

/// `rm` asks on a terminal before it removes anything.
@Suite("rm asks for confirmation on a terminal")
struct RemoveConfirmationTests {
    @Test func noKeepsTheProfileAndYesRemovesIt() async throws {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        #expect(try await home.run(["add", "old-sandbox", "--url", "https://rest.apisandbox.zuora.com", "--user", "u@example.com",
            "--password-stdin"], stdin: "p\n").status == 0)
        for (answer, kept) in [("n", true), ("y", false)] {
            let tmux = try TmuxSession("\(ProcessRunner.ztenantBinary) rm old-sandbox", environment: home.environment)
            try await tmux.waitFor("Remove old-sandbox (SANDBOX rest.apisandbox.zuora.com, user u@example.com) and 0 result(s) of history? [y/N]")
            try tmux.type(answer)
            try tmux.send("Enter")
            let screen = try await tmux.waitFor("EXIT=0")
            #expect(screen.contains(kept ? "Kept old-sandbox; nothing was removed." : "Removed old-sandbox."), "\(screen)")
            let listed = try await home.run(["list"]).stdout.contains("old-sandbox")
            #expect(listed == kept)
        }
    }
}
