import Foundation
import Testing
import TestSupport
import ZuoraMock

/// `ztenant shell` and `ztenant prompt` through the binary (issue #10's shell part).
@Suite("A shell per tenant and its prompt segment")
struct ShellPromptTests {
    /// The variables `ztenant shell` sets, for a session with `seconds` left. The default,
    /// 12 min 30 s, reads as 12m for half a minute either way, however slowly the test runs.
    static func inside(_ environmentClass: String, profile: String = "acme-prod-eu", seconds: Int = 750) -> [String: String] {
        ["ZTENANT_PROFILE": profile, "ZTENANT_ENV_CLASS": environmentClass,
            "ZTENANT_SESSION_EXPIRES_AT": String(Int(Date().timeIntervalSince1970) + seconds)]
    }

    @Test func thePromptIsEmptyOutsideAndMarksProductionWithoutColour() async throws {
        let home = try ScratchHome()
        let outside = try await home.run(["prompt"], environment: ["ZTENANT_PROFILE": ""])
        #expect(outside.status == 0 && outside.stdout.isEmpty, "\(outside.allOutput)")
        let production = try await home.run(["prompt"], environment: Self.inside("production"))
        #expect(production.stdout == "⎈ PROD acme-prod-eu 12m\n", "\(production.allOutput)")
        let noColor = try await home.run(["prompt"], environment: Self.inside("production").merging(["NO_COLOR": "1"]) { $1 })
        #expect(noColor.stdout == production.stdout, "the marker is a glyph, not a colour")
        let sandbox = try await home.run(["prompt"], environment: Self.inside("sandbox", profile: "acme-sbx", seconds: 30))
        #expect(sandbox.stdout == "SANDBOX acme-sbx <1m\n", "\(sandbox.allOutput)")
        let expired = try await home.run(["prompt", "--format", "{class}/{profile}/{left}"],
            environment: Self.inside("test", profile: "dev", seconds: -5))
        #expect(expired.stdout == "TEST/dev/expired\n", "\(expired.allOutput)")
        let fish = try await home.run(["prompt", "--init", "fish"])
        #expect(fish.status == 2 && fish.stderr.contains("use bash or zsh"), "\(fish.allOutput)")
    }

    @Test func theBashFunctionDrawsTheSameSegmentAndStartsNoProcess() async throws {
        let home = try ScratchHome()
        let code = try await home.run(["prompt", "--init", "bash"])
        #expect(code.status == 0 && code.stdout.contains("PROMPT_COMMAND="), "\(code.allOutput)")
        let script = home.root + "/prompt.bash"
        try code.stdout.write(toFile: script, atomically: true, encoding: .utf8)
        let environment = Self.inside("production")
        let expected = try await home.run(["prompt"], environment: environment).stdout
        // Fifty prompts under strace: any process the function started would be a clone or fork.
        let trace = home.root + "/trace.txt"
        let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/strace"
        let run = try await ProcessRunner.run(strace, ["-f", "-e", "trace=clone,clone3,fork,vfork", "-o", trace, "bash", "-c",
            "source '\(script)'; for ((i = 0; i < 50; i++)); do __ztenant_prompt; done; echo \"$ZTENANT_PROMPT\""],
            environment: environment)
        #expect(run.status == 0, "\(run.allOutput)")
        #expect(run.stdout == expected, "bash draws what `ztenant prompt` prints: \(run.stdout)")
        let calls = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("clone") || $0.contains("fork") }
        #expect(calls.isEmpty, "no process for a prompt: \(calls)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zsh")))
    func theZshFunctionDrawsTheSameSegmentFromPrecmdAndStartsNoProcess() async throws {
        let home = try ScratchHome()
        let code = try await home.run(["prompt", "--init", "zsh"])
        #expect(code.status == 0 && code.stdout.contains("precmd_functions+=(__ztenant_prompt)"), "\(code.allOutput)")
        let script = home.root + "/prompt.zsh"
        try code.stdout.write(toFile: script, atomically: true, encoding: .utf8)
        let environment = Self.inside("sandbox", profile: "acme-sbx", seconds: 750)
        let expected = try await home.run(["prompt"], environment: environment).stdout
        let trace = home.root + "/trace.txt"
        let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/strace"
        // Each prompt runs the precmd hooks, as zsh does before drawing PROMPT.
        let run = try await ProcessRunner.run(strace, ["-f", "-e", "trace=clone,clone3,fork,vfork", "-o", trace, "/usr/bin/zsh", "-f", "-c",
            "source '\(script)'; for i in {1..50}; do for hook in $precmd_functions; do $hook; done; done; print -r -- \"$ZTENANT_PROMPT\""],
            environment: environment)
        #expect(run.status == 0, "\(run.allOutput)")
        #expect(run.stdout == expected, "zsh draws what `ztenant prompt` prints: \(run.stdout)")
        let calls = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("clone") || $0.contains("fork") }
        #expect(calls.isEmpty, "no process for a prompt: \(calls)")
    }

    @Test func aShellCarriesTheSessionAndTheProfileAndRefusesToNest() async throws {
        try await withMockServer { server in
            let home = try ScratchHome()
            #expect(try await home.run(["init"]).status == 0)
            let add = try await home.run(["add", "sbx", "--url", server.baseURL, "--user", "demo@example.com", "--password-stdin"],
                stdin: "demo-password\n")
            #expect(add.status == 0, "\(add.allOutput)")
            let before = Int(Date().timeIntervalSince1970)
            let shell = try await home.run(["shell", "sbx"],
                stdin: "echo \"$ZTENANT_PROFILE|$ZTENANT_ENV_CLASS|$ZTENANT_SESSION_EXPIRES_AT|${ZUORA_SESSION:+session}\"\nexit\n",
                environment: ["SHELL": "/bin/sh"])
            #expect(shell.status == 0, "\(shell.allOutput)")
            let fields = shell.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
            #expect(fields.count == 4 && fields[0] == "sbx" && fields[1] == "custom" && fields[3] == "session", "\(shell.stdout)")
            let expires = Int(fields.count == 4 ? fields[2] : "") ?? 0
            #expect(abs(expires - (before + 15 * 60)) < 60, "15 minutes, the profile's session timeout: \(expires)")

            let nested = try await home.run(["shell", "sbx", "--", "true"], environment: ["ZTENANT_PROFILE": "other"])
            #expect(nested.status == 2, "\(nested.allOutput)")
            #expect(nested.stderr.contains("already in a ztenant shell for other"), "\(nested.stderr)")
            #expect(server.zuora.loginCount(user: "demo@example.com") == 1, "refused before any login")
            let allowed = try await home.run(["shell", "sbx", "--nest", "--", "sh", "-c", "echo $ZTENANT_PROFILE"],
                environment: ["ZTENANT_PROFILE": "other"])
            #expect(allowed.status == 0 && allowed.stdout == "sbx\n", "\(allowed.allOutput)")
        }
    }
}
