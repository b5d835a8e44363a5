import Foundation
import Testing
import TestSupport

/// `ztenant config` and the commands that read config.toml, run as the real binary.
@Suite("ztenant config lists, gets, sets and unsets settings, and commands obey them")
struct ConfigCommandTests {
    @Test func settingsRoundTripThroughTheFileAndCheckObeysTheRate() async throws {
        try await withMockServer { server in
            let home = try ScratchHome()
            let file = home.root + "/config/ztenant/config.toml"
            let fresh = try await home.run(["config", "list"])
            #expect(fresh.status == 0, "\(fresh.allOutput)")
            #expect(fresh.stdout.contains("# \(file) (not created yet"), "\(fresh.stdout)")
            #expect(fresh.stdout.contains("rate            90/min    default"), "\(fresh.stdout)")

            let set = try await home.run(["config", "set", "rate", "2/s"])
            #expect(set.status == 0 && set.stderr.contains("rate = 2/s (in \(file))"), "\(set.allOutput)")
            #expect(try await home.run(["config", "get", "rate"]).stdout == "2/s\n")
            #expect(try await home.run(["config", "list"]).stdout.contains("rate            2/s       line 2"))

            #expect(try await home.run(["init"]).status == 0)
            for index in 0..<3 {
                #expect(try await home.run(["add", "p\(index)", "--url", server.baseURL, "--user", "demo@example.com",
                    "--password-stdin"], stdin: "demo-password\n").status == 0)
            }
            let paced = try await home.run(["check", "--all"])
            #expect(paced.status == 0, "\(paced.allOutput)")
            #expect(paced.stderr.contains("pacing: 2/s to 127.0.0.1"), "the file's rate applies: \(paced.stderr)")
            let flag = try await home.run(["check", "--all", "--rate", "unlimited"])
            #expect(flag.status == 0 && !flag.stderr.contains("pacing"), "a flag wins over the file: \(flag.stderr)")

            let unset = try await home.run(["config", "unset", "rate"])
            #expect(unset.stderr.contains("rate removed; the default 90/min applies"), "\(unset.stderr)")
            #expect(try await home.run(["config", "get", "rate"]).stdout == "90/min\n")
        }
    }

    @Test func badKeysValuesAndThemesAreRefusedWithExit2() async throws {
        let home = try ScratchHome()
        let typo = try await home.run(["config", "set", "max_wait", "5"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("'max_wait' is not a setting (did you mean max-wait?)"), "\(typo.stderr)")
        let value = try await home.run(["config", "set", "max-wait", "forever"])
        #expect(value.status == 2)
        #expect(value.stderr.contains("'forever' is not a valid max-wait: use whole seconds from 0 to 3600"), "\(value.stderr)")
        let theme = try await home.run(["config", "set", "theme", "neon"])
        #expect(theme.status == 2)
        #expect(theme.stderr.contains("no theme named 'neon' (themes: default, high-contrast"), "\(theme.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.root + "/config/ztenant/config.toml"), "nothing was written")
        #expect(try await home.run(["config", "set", "theme", "light"]).status == 0)
        #expect(try await home.run(["config", "get", "theme"]).stdout == "light\n")
    }

    @Test func aBrokenFileStopsCommandsWithItsPathAndLine() async throws {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        let folder = home.root + "/config/ztenant"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "# mine\ntheme = \"light\"\nrate = \"fast\"\n".write(toFile: folder + "/config.toml", atomically: true, encoding: .utf8)
        for arguments in [["config", "list"], ["check", "--all"]] {
            let result = try await home.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.allOutput)")
            #expect(result.stderr.contains("settings file \(folder)/config.toml, line 3: 'fast' is not a valid rate"), "\(result.stderr)")
        }
    }
}
