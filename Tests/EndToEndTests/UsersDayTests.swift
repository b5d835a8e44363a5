import Foundation
import Testing
import TestSupport
import ZuoraMock

@Suite("A user's day with the built binary against the mock")
struct UsersDayTests {
    @Test func aWholeDay() async throws {
        try await withMockServer { server in
            let home = try ScratchHome()
            let url = server.baseURL
            func ok(_ arguments: [String], stdin: String? = nil) async throws -> ProcessResult {
                let result = try await home.run(arguments, stdin: stdin)
                #expect(result.status == 0, "\(arguments): \(result.allOutput)")
                return result
            }

            _ = try await ok(["init"])
            _ = try await ok(["add", "sbx", "--url", url, "--user", "demo@example.com", "--password-stdin", "--tag", "sandbox"], stdin: "demo-password\n")
            _ = try await ok(["add", "stale-pw", "--url", url, "--user", "demo@example.com", "--password-stdin"], stdin: "old-password\n")
            _ = try await ok(["add", "multi-eu", "--url", url, "--user", "multi@example.com", "--entity-name", "Europe", "--password-stdin"],
                stdin: "multi-password\n")

            let check = try await home.run(["check", "--all", "--json"])
            #expect(check.status == 30, "one of three failed")
            let objects = check.stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            let statuses = Dictionary(uniqueKeysWithValues: objects.map { ($0["profile"] as? String ?? "", $0["status"] as? String ?? "") })
            #expect(statuses == ["sbx": "ok", "stale-pw": "auth_failed", "multi-eu": "ok"])
            #expect(objects.allSatisfy { $0["schema"] as? Int == 1 })
            #expect(server.zuora.requests.first { $0.header("entityName") == "Europe" } != nil)

            let use = try await ok(["use", "sbx"])
            #expect(use.stdout.contains("Now using sbx"))
            let current = try await ok(["current"])
            #expect(current.stdout.hasPrefix("sbx"))

            server.zuora.reset()
            let first = try await ok(["session", "sbx", "--json"])
            let second = try await ok(["session", "sbx"])
            let firstObject = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
            let token = try #require(firstObject["session"] as? String)
            #expect(second.stdout == token + "\n")
            #expect(firstObject["reused"] as? Bool == true, "check --all stored the session")
            #expect(server.zuora.loginCount(user: "demo@example.com") == 0, "both reused the cached session")
            let refreshed = try await ok(["session", "sbx", "--refresh"])
            #expect(refreshed.stdout != second.stdout)
            #expect(server.zuora.loginCount(user: "demo@example.com") == 1, "exactly one login")

            let exec = try await ok(["exec", "sbx", "--", "/bin/sh", "-c", "echo ${#ZUORA_SESSION} $ZUORA_PROFILE ${ZTENANT_PASSPHRASE:-none}"])
            #expect(exec.stdout == "256 sbx none\n")
            let failingExec = try await home.run(["exec", "sbx", "--", "/bin/sh", "-c", "exit 7"])
            #expect(failingExec.status == 7, "exec exits with the command's status")

            let env = try await ok(["env", "multi-eu"])
            #expect(env.stdout.contains("export ZUORA_ENTITY_NAME='Europe'"))
            #expect(env.stdout.contains("export ZUORA_PROFILE='multi-eu'"))
            let evaluated = try await ProcessRunner.run("/bin/sh", ["-c", env.stdout + "\necho \"$ZUORA_BASE_URL ${#ZUORA_SESSION}\""])
            #expect(evaluated.stdout == "\(url) 256\n")

            let rekey = try await home.run(["rekey"], environment: ["ZTENANT_NEW_PASSPHRASE": "a brand new passphrase"])
            #expect(rekey.status == 0, "\(rekey.allOutput)")
            let oldFails = try await home.run(["list"])
            #expect(oldFails.status == 3)
            try home.setPassphrase("a brand new passphrase")
            let listed = try await ok(["list"])
            #expect(listed.stdout.contains("sbx"))
            #expect(listed.stdout.contains("✗ auth_failed 90000011"))

            let export = home.root + "/team.ztx"
            _ = try await home.run(["export", "--out", export], environment: ["ZTENANT_NEW_PASSPHRASE": "export passphrase 1"])
            #expect(FileManager.default.fileExists(atPath: export))
            let exported = try Data(contentsOf: URL(fileURLWithPath: export))
            #expect(!String(decoding: exported, as: UTF8.self).contains("demo-password"), "never plain text")

            let other = try ScratchHome(passphrase: "second vault passphrase")
            _ = try await other.run(["init"])
            _ = try await other.run(["add", "sbx", "--url", "https://rest.apisandbox.zuora.com", "--user", "mine", "--password-stdin"], stdin: "mine-pw")
            let imported = try await other.run(["import", export], environment: ["ZTENANT_IMPORT_PASSPHRASE": "export passphrase 1"])
            #expect(imported.status == 0, "\(imported.allOutput)")
            #expect(imported.stdout.contains("skipped   sbx (exists; --overwrite replaces it)"))
            #expect(imported.stdout.contains("added     stale-pw"))
            #expect(imported.stdout.contains("added     multi-eu"))
            let otherList = try await other.run(["list", "--json"])
            #expect(otherList.stdout.contains("\"user\":\"mine\""), "the existing profile was not overwritten")
            let overwrite = try await other.run(["import", export, "--overwrite"], environment: ["ZTENANT_IMPORT_PASSPHRASE": "export passphrase 1"])
            #expect(overwrite.stdout.contains("replaced  sbx"))

            for result in [check, first, listed, imported] {
                #expect(!result.allOutput.contains("demo-password"))
                #expect(!result.allOutput.contains("correct horse"))
            }
        }
    }

    @Test func addWithVerifySavesOnlyWorkingCredentials() async throws {
        try await withMockServer { server in
            let home = try ScratchHome()
            _ = try await home.run(["init"])
            let bad = try await home.run(["add", "x", "--url", server.baseURL, "--user", "demo@example.com", "--password-stdin", "--verify"], stdin: "nope")
            #expect(bad.status == 20)
            #expect(bad.stderr.contains("not saved"))
            let good = try await home.run(["add", "x", "--url", server.baseURL, "--user", "demo@example.com", "--password-stdin", "--verify"], stdin: "demo-password")
            #expect(good.status == 0)
            #expect(good.stdout.contains("login verified"))
            let show = try await home.run(["show", "x"])
            #expect(show.stdout.contains("session          obtained"))
            #expect(!show.stdout.contains("demo-password"))
        }
    }

    @Test func editRenameRemove() async throws {
        let home = try ScratchHome()
        _ = try await home.run(["init"])
        _ = try await home.run(["add", "a", "--url", "https://rest.zuora.com", "--user", "u", "--password-stdin"], stdin: "p1")
        let edit = try await home.run(["edit", "a", "--url", "https://rest.eu.zuora.com", "--entity-id", "8a8082c45f2b4a1c015f2c1f2ad10001"])
        #expect(edit.stdout == "Updated a: url, entity.\n")
        let rename = try await home.run(["rename", "a", "b"])
        #expect(rename.status == 0)
        let list = try await home.run(["list", "--json"])
        #expect(list.stdout.contains("\"name\":\"b\""))
        #expect(list.stdout.contains("\"environment\":\"production\""))
        let unconfirmed = try await home.run(["rm", "b"])
        #expect(unconfirmed.status == 2, "no terminal to confirm on: --yes is needed")
        #expect(unconfirmed.stderr.contains("not removed: there is no terminal to confirm on. Pass --yes"), "\(unconfirmed.stderr)")
        #expect(try await home.run(["list"]).stdout.contains("b "), "nothing was removed")
        let remove = try await home.run(["rm", "b", "--yes"])
        #expect(remove.status == 0)
        let empty = try await home.run(["list"])
        #expect(empty.stdout.contains("No profiles yet"))
    }

    @Test func checkOfOneProfileExitsWithItsStatus() async throws {
        try await withMockServer { server in
            let home = try ScratchHome()
            _ = try await home.run(["init"])
            _ = try await home.run(["add", "lim", "--url", server.baseURL, "--user", "limited@example.com", "--password-stdin"], stdin: "x")
            let result = try await home.run(["check", "lim"])
            #expect(result.status == 23)
            #expect(result.stdout.contains("rate_limited"))
            let none = try await home.run(["check", "--all", "--fail-on", "none"])
            #expect(none.status == 23, "a single profile keeps its own code")
        }
    }

    @Test func doctorReportsProblemsWithFixes() async throws {
        let home = try ScratchHome()
        _ = try await home.run(["init"])
        let healthy = try await home.run(["doctor"])
        #expect(healthy.status == 0, "\(healthy.allOutput)")
        #expect(healthy.stdout.contains("vault opens: 0 profile(s)"))
        #expect(healthy.stdout.contains("weaker than the default"))
        // A folder others can list: the vault still opens (with a warning), so doctor says so.
        let folder = (home.vault as NSString).deletingLastPathComponent
        chmod(folder, 0o755)
        let listable = try await home.run(["doctor"])
        #expect(listable.status == 0, "\(listable.allOutput)")
        #expect(listable.stdout.contains("! the vault's folder \(folder) can be listed by other users"), "\(listable.stdout)")
        #expect(listable.stdout.contains("vault opens: 0 profile(s)"))
        chmod(folder, 0o700)

        chmod(home.vault, 0o644)
        let open = try await home.run(["doctor"])
        #expect(open.status == 1)
        #expect(open.stdout.contains("fix: chmod 600 '\(home.vault)'"))
        // Each problem once: the mode is not reported again as a vault that will not open.
        let failures = open.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("✗") }
        #expect(failures.count == 1, "\(open.stdout)")
        #expect(open.stdout.contains("1 problem(s) found."))
        #expect(open.stdout.contains("vault not opened: it will not open until the problem(s) above are fixed"))

        try FileManager.default.removeItem(atPath: home.root + "/data")
        let missing = try await home.run(["doctor"])
        #expect(missing.status == 1)
        #expect(missing.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("✗") }
            == ["✗ no vault at \(home.vault) (its folder \(home.root)/data/ztenant does not exist either)"], "\(missing.stdout)")
        #expect(missing.stdout.contains("1 problem(s) found."))
    }
}

/// Issue #9: a command that only reads writes nothing (no save of the whole vault, no new
/// backup generation) — also `session` and `env` reusing a fresh session.
@Suite("Commands that only read (and a use that changes nothing) leave the vault file as it was")
struct ReadOnlyCommandTests {
    @Test func listShowCurrentSessionAndEnvWriteNothing() async throws {
        try await withMockServer { server in
            let home = try ScratchHome()
            #expect(try await home.run(["init"]).status == 0)
            #expect(try await home.run(["add", "sbx", "--url", server.baseURL, "--user", "demo@example.com", "--password-stdin"],
                stdin: "demo-password\n").status == 0)
            #expect(try await home.run(["use", "sbx"]).status == 0, "logs in and stores the session")
            let vault = try Data(contentsOf: URL(fileURLWithPath: home.vault))
            let backup = try Data(contentsOf: URL(fileURLWithPath: home.vault + ".bak"))
            for command in [["list"], ["list", "--json"], ["show", "sbx"], ["current"], ["session"], ["env", "sbx"], ["session", "--json"],
                ["exec", "sbx", "--", "/bin/true"], ["use", "sbx"]] {
                let result = try await home.run(command)
                #expect(result.status == 0, "\(command): \(result.allOutput)")
                #expect(try Data(contentsOf: URL(fileURLWithPath: home.vault)) == vault, "\(command) wrote the vault")
                #expect(try Data(contentsOf: URL(fileURLWithPath: home.vault + ".bak")) == backup, "\(command) moved the backup")
            }
            #expect(server.zuora.loginCount(user: "demo@example.com") == 1, "every session command reused the stored one")
        }
    }
}
