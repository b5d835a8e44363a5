import Foundation
import Testing
import TestSupport
import ZuoraMock

@Suite("OAuth client profiles with the built binary against the mock")
struct OAuthProfileTests {
    @Test func addCheckListShowEnvSessionAndTheZSessionExchange() async throws {
        try await withMockServer { server in
            let home = try ScratchHome()
            let url = server.baseURL
            #expect(try await home.run(["init"]).status == 0)
            let added = try await home.run(["add", "acme-oauth", "--url", url + "/v1", "--client-id", "demo-client", "--client-secret-stdin",
                "--entity-id", "8a8082c4-5f2b-4a1c-015f-2c1f2ad10001", "--env-class", "production"], stdin: "demo-client-secret/+=\n")
            #expect(added.status == 0, "\(added.allOutput)")
            #expect(added.stdout.contains("OAuth client demo-client"))
            let deactivated = try await home.run(["add", "old-oauth", "--url", url, "--client-id", "deactivated-client", "--client-secret-stdin"],
                stdin: "deactivated-secret\n")
            #expect(deactivated.status == 0)
            _ = try await home.run(["add", "pw", "--url", url, "--user", "demo@example.com", "--password-stdin"], stdin: "demo-password\n")

            let check = try await home.run(["check", "--all", "--json"])
            #expect(check.status == 30, "\(check.allOutput)")
            let objects = check.stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            let byName = Dictionary(uniqueKeysWithValues: objects.map { ($0["profile"] as? String ?? "", $0) })
            #expect(byName["acme-oauth"]?["status"] as? String == "ok")
            #expect(byName["acme-oauth"]?["auth"] as? String == "oauth")
            #expect(byName["acme-oauth"]?["tenantId"] as? String == "12270")
            #expect((byName["acme-oauth"]?["entityIds"] as? [String])?.count == 2)
            #expect(byName["acme-oauth"]?["expiresIn"] as? Int == 3599)
            #expect(byName["old-oauth"]?["status"] as? String == "permission_denied")
            #expect(byName["pw"]?["auth"] as? String == "password")
            #expect(byName["pw"]?["tenantId"] is NSNull, "every key is present, null for a password login")
            let request = try #require(server.zuora.requests.first { $0.uri == "/oauth/token" && String(decoding: $0.body, as: UTF8.self).contains("demo-client") })
            #expect(request.header("Zuora-Entity-Ids") == "8a8082c4-5f2b-4a1c-015f-2c1f2ad10001")
            #expect(!check.allOutput.contains("demo-client-secret"))

            let list = try await home.run(["list"], environment: ["COLUMNS": "120"])
            #expect(list.stdout.contains("AUTH") && list.stdout.contains("oauth") && list.stdout.contains("password"), "\(list.stdout)")
            let show = try await home.run(["show", "acme-oauth"])
            #expect(show.stdout.contains("client id        demo-client") && show.stdout.contains("client secret    •••••••• (hidden)"))
            #expect(show.stdout.contains("tenant 12270"), "show tells which tenant the client belongs to: \(show.stdout)")

            // The token is stored like a session and reused: no second token call.
            let before = server.zuora.tokenCount(client: "demo-client")
            let env = try await home.run(["env", "acme-oauth"])
            #expect(env.status == 0)
            #expect(env.stdout.contains("export ZUORA_ACCESS_TOKEN='") && env.stdout.contains("export ZUORA_AUTHORIZATION='Bearer "))
            #expect(env.stdout.contains("export ZUORA_ENTITY_IDS='8a8082c4-5f2b-4a1c-015f-2c1f2ad10001'"))
            #expect(!env.stdout.contains("ZUORA_SESSION="))
            #expect(env.stdout.contains("unset ZUORA_ENTITY_ID ZUORA_ENTITY_NAME ZUORA_SESSION\n"),
                "an earlier eval's ZUORA_SESSION does not linger: \(env.stdout)")
            let token = try await home.run(["session", "acme-oauth"])
            #expect(token.stdout.trimmingCharacters(in: .newlines).count == 32)
            #expect(server.zuora.tokenCount(client: "demo-client") == before, "the stored token was reused")
            let exec = try await home.run(["exec", "acme-oauth", "--", "/bin/sh", "-c", "echo \"${ZUORA_AUTHORIZATION%% *} ${#ZUORA_ACCESS_TOKEN} ${ZUORA_SESSION:-none}\""],
                environment: ["ZUORA_SESSION": "stale-from-outside"])
            #expect(exec.stdout == "Bearer 32 none\n", "an outer ZUORA_SESSION does not leak into an OAuth profile's command")

            let zsession = try await home.run(["session", "acme-oauth", "--zsession"])
            #expect(zsession.status == 0, "\(zsession.allOutput)")
            let cookie = zsession.stdout.trimmingCharacters(in: .newlines)
            #expect(server.zuora.owner(ofSession: cookie) == "client:demo-client", "the token was swapped for a ZSession")
            let loginsBefore = server.zuora.loginCount(user: "demo@example.com")
            let wrongKind = try await home.run(["session", "pw", "--zsession", "--refresh"])
            #expect(wrongKind.status == 2 && wrongKind.stderr.contains("--zsession is for OAuth profiles"))
            #expect(server.zuora.loginCount(user: "demo@example.com") == loginsBefore, "refused before any login")

            // A stored token Zuora no longer takes is replaced once and the swap tried again.
            server.zuora.forgetTokens()
            let retried = try await home.run(["session", "acme-oauth", "--zsession"])
            #expect(retried.status == 0, "\(retried.allOutput)")
            #expect(server.zuora.tokenCount(client: "demo-client") == 1, "exactly one new token after the 401 (the mock forgot the old ones)")
            #expect(server.zuora.requests.filter { $0.header("Authorization") != nil }.count == 3,
                "the first swap, then the refused one and its retry")

            let both = try await home.run(["add", "x", "--url", url, "--user", "u", "--client-id", "c"])
            #expect(both.status == 2 && both.stderr.contains("one of them"))
            let name = try await home.run(["add", "y", "--url", url, "--client-id", "c", "--client-secret-stdin", "--entity-name", "Europe"], stdin: "s\n")
            #expect(name.status == 2 && name.stderr.contains("entity ids, not names"))
        }
    }

    @Test func anOAuthProfileIsCheckedDescribedAndEditedInTheTUI() async throws {
        try await withMockServer { server in
            let home = try ScratchHome()
            #expect(try await home.run(["init", "--kdf-log-n", "10"]).status == 0)
            let added = try await home.run(["add", "acme-oauth", "--url", server.baseURL, "--client-id", "demo-client", "--client-secret-stdin"],
                stdin: "demo-client-secret/+=\n")
            #expect(added.status == 0, "\(added.allOutput)")
            var environment = home.environment
            environment["TERM"] = "xterm-256color"
            environment["ZTENANT_THEMES_DIR"] = Fixtures.repositoryRoot.appendingPathComponent("themes").path
            let tmux = try TmuxSession("\(ProcessRunner.ztenantBinary) tui", columns: 120, rows: 35, environment: environment)
            try await tmux.waitFor("Unlocked 1 profile(s)")
            try tmux.send("c")
            // The detail pane shows what the token says.
            try await tmux.waitFor("acme-oauth: ✓ ok", "tenant 12270")
            try tmux.send("v")
            let screen = try await tmux.waitFor("Describe — acme-oauth", "OAuth client (POST /oauth/token)", "client id", "tenant id")
            #expect(!screen.contains("demo-client-secret"))
            try tmux.send("Escape", "e")
            try await tmux.waitFor("Edit acme-oauth", "Client id", "Client secret", "OAuth client: client id and secret")
            // From the name, eight Tabs reach Notes: environment, class (the mock's URL is a
            // custom host), URL, client id, client secret, entity, tags (the entity value is
            // skipped while the entity is none), notes.
            for _ in 0..<8 { try tmux.send("Tab") }
            try tmux.type("renewal in March")
            try tmux.send("C-s")
            try await tmux.waitFor("Saved acme-oauth.")
            try tmux.send("q")
            #expect(try await tmux.waitFor("EXIT=").contains("EXIT=0"))
            let show = try await home.run(["show", "acme-oauth"])
            #expect(show.stdout.contains("auth             oauth"), "saving from the TUI kept the kind: \(show.stdout)")
            #expect(show.stdout.contains("notes            renewal in March"))
        }
    }
}
