import Foundation
import Testing
import TestSupport
import ZuoraMock

@Suite("list --filter and check --filter with the built binary")
struct FilterCommandTests {
    @Test func listAndCheckTheProfilesAFilterMatches() async throws {
        try await withMockServer { server in
            let home = try ScratchHome()
            let url = server.baseURL
            _ = try await home.run(["init"])
            for (name, password, tag) in [("acme-prod", "demo-password", "billing"), ("acme-stale", "old-password", "billing"),
                ("globex-eu", "demo-password", "ops")]
            {
                let added = try await home.run(["add", name, "--url", url, "--user", "demo@example.com", "--password-stdin", "--tag", tag],
                    stdin: password + "\n")
                #expect(added.status == 0, "\(added.allOutput)")
            }
            let first = try await home.run(["check", "--all"])
            #expect(first.status == 30)

            let failing = try await home.run(["list", "--filter", "status:!ok", "--json"])
            #expect(failing.status == 0, "\(failing.allOutput)")
            #expect(failing.stdout.split(separator: "\n").count == 1)
            #expect(failing.stdout.contains("\"name\":\"acme-stale\""))
            let words = try await home.run(["list", "--filter", "acme tag:billing"])
            #expect(words.stdout.contains("acme-prod") && words.stdout.contains("acme-stale") && !words.stdout.contains("globex-eu"))
            let none = try await home.run(["list", "--filter", "cme"])
            #expect(none.status == 0)
            #expect(none.stdout.isEmpty)
            #expect(none.stderr.contains("no profile matches --filter 'cme' (of 3)"))

            server.zuora.reset()
            let recheck = try await home.run(["check", "--filter", "status:!ok", "--json"])
            #expect(recheck.status == 20, "one profile checked: its own status's code")
            #expect(server.zuora.requests.count == 1, "only the failing profile was sent")
            #expect(recheck.stdout.contains("\"profile\":\"acme-stale\""))

            let bad = try await home.run(["list", "--filter", "status:fine"])
            #expect(bad.status == 2)
            #expect(bad.stderr.contains("--filter: filter term 'status:fine': unknown status 'fine'; use one of ok, auth_failed"))
            let both = try await home.run(["check", "acme-prod", "--filter", "env:prod"])
            #expect(both.status == 2)
            #expect(both.stderr.contains("give profile names or --filter, not both"))
            let nothing = try await home.run(["check", "--filter", "env:prod"])
            #expect(nothing.status == 0, "the mock's host is custom: nothing to check is not a failure")
            #expect(nothing.stderr.contains("no profile matches --filter 'env:prod': nothing to check."))
        }
    }
}

@Suite("add/edit --env-class with the built binary")
struct DeclaredClassCommandTests {
    @Test func aProxyDeclaredProductionIsProductionEverywhere() async throws {
        let home = try ScratchHome()
        _ = try await home.run(["init"])
        let added = try await home.run(["add", "acme-proxy", "--url", "https://zuora-proxy.acme.example/rest", "--user", "u@acme.example",
            "--password-stdin", "--env-class", "production"], stdin: "pw\n")
        #expect(added.status == 0, "\(added.allOutput)")
        let list = try await home.run(["list"])
        #expect(list.stdout.contains("PROD"), "\(list.stdout)")
        let show = try await home.run(["show", "acme-proxy"])
        #expect(show.stdout.contains("[PROD]") && show.stdout.contains("environment      production (declared: not a Zuora host)"), "\(show.stdout)")
        let json = try await home.run(["list", "--json", "--filter", "env:prod"])
        #expect(json.stdout.contains("\"environment\":\"production\"") && json.stdout.contains("\"environmentDeclared\":true"), "\(json.stdout)")
        let cleared = try await home.run(["edit", "acme-proxy", "--env-class", "none"])
        #expect(cleared.stdout.contains("Updated acme-proxy: environment class."), "\(cleared.allOutput)")
        #expect(try await home.run(["list", "--json"]).stdout.contains("\"environment\":\"custom\""))

        let onZuora = try await home.run(["add", "eu", "--url", "https://rest.eu.zuora.com", "--user", "u", "--password-stdin",
            "--env-class", "sandbox"], stdin: "pw\n")
        #expect(onZuora.status == 2)
        #expect(onZuora.stderr.contains("rest.eu.zuora.com is Zuora's EU Production: its class is known"), "\(onZuora.stderr)")
        let bad = try await home.run(["add", "x", "--url", "https://p.example", "--user", "u", "--password-stdin", "--env-class", "staging"],
            stdin: "pw\n")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--env-class must be production, sandbox or test, not 'staging'"), "\(bad.stderr)")
    }
}
