import CredentialVault
import Foundation
import Testing
import TestSupport
import ZTenantCore
import ZuoraAPI
import ZuoraMock

/// The security findings of issue #7, each shown with the built binary. The promise each
/// test backs is listed beside it in docs/security.md.
@Suite("Security promises hold for the built binary", .serialized)
struct SecurityPromiseTests {
    static let passphrase = "correct horse battery staple"

    func initialized(_ home: ScratchHome) async throws {
        let created = try await home.run(["init"])
        #expect(created.status == 0, "\(created.allOutput)")
    }

    // MARK: 1. rekey

    @Test func afterRekeyTheOldPassphraseOpensNeitherTheVaultNorTheBackup() async throws {
        let home = try ScratchHome()
        try await initialized(home)
        for name in ["a", "b"] {
            let added = try await home.run(["add", name, "--url", "https://rest.zuora.com", "--user", "u", "--password-stdin"], stdin: "pw\n")
            #expect(added.status == 0, "\(added.allOutput)")
        }
        let rekey = try await home.run(["rekey"], environment: ["ZTENANT_NEW_PASSPHRASE": "a brand new passphrase"])
        #expect(rekey.status == 0, "\(rekey.allOutput)")
        #expect(rekey.stdout.contains("The old passphrase no longer opens it"))
        #expect(rekey.stdout.contains("The backup \(home.vault).bak was resealed under the new passphrase"), "\(rekey.stdout)")

        let oldOnBackup = try await home.run(["list", "--vault", home.vault + ".bak"])
        #expect(oldOnBackup.status == 3, "the old passphrase opens the backup: \(oldOnBackup.allOutput)")
        #expect(oldOnBackup.stderr.contains("wrong passphrase"))
        try home.setPassphrase("a brand new passphrase")
        let newOnBackup = try await home.run(["list", "--vault", home.vault + ".bak"])
        #expect(newOnBackup.status == 0, "\(newOnBackup.allOutput)")
        #expect(newOnBackup.stdout.contains("a ") && !newOnBackup.stdout.contains("b "), "the backup is the generation before the last add")
    }

    // MARK: 2. the session cookie

    @Test func aHostileSessionCookieIsNeverPrintedBySessionOrEnv() async throws {
        let hostile = "ZSession=abc%1B%5D0%3Bowned%07; Path=/"
        let configuration = MockConfiguration(users: [MockUser(name: "u", password: "p",
            fault: .custom(status: 200, headers: ["Set-Cookie": hostile, "Content-Type": "application/json"], body: #"{"success":true}"#))])
        try await withMockServer(configuration) { server in
            let home = try ScratchHome()
            try await initialized(home)
            let added = try await home.run(["add", "t", "--url", server.baseURL, "--user", "u", "--password-stdin"], stdin: "p\n")
            #expect(added.status == 0, "\(added.allOutput)")
            for command in [["session", "t"], ["env", "t"], ["exec", "t", "--", "/bin/sh", "-c", "echo $ZUORA_SESSION"]] {
                let result = try await home.run(command)
                #expect(result.status == 24, "\(command): protocol_error, got \(result.status): \(result.allOutput)")
                #expect(result.stdout.isEmpty, "\(command) printed \(result.stdout.debugDescription)")
                #expect(!result.allOutput.contains("\u{1B}") && !result.allOutput.contains("owned"))
                #expect(result.stderr.components(separatedBy: "ZSession cookie is unusable").count == 2,
                    "the failure is reported once: \(result.stderr)")
            }
        }
    }

    // MARK: 3. plain http only to loopback addresses

    @Test func plainHTTPToADotLocalhostNameIsRefusedAndNothingIsResolved() async throws {
        let home = try ScratchHome()
        try await initialized(home)
        let added = try await home.run(["add", "t", "--url", "http://zuora.localhost:8080", "--user", "u", "--password-stdin"], stdin: "p\n")
        #expect(added.status == 2, "\(added.allOutput)")
        #expect(added.stderr.contains("only for loopback addresses"), "\(added.stderr)")
        let probe = try await ProcessRunner.ztenant(["probe", "--url", "http://zuora.localhost:8080", "--user", "u", "--password-stdin"], stdin: "p\n")
        #expect(probe.status == 2, "invalid_profile: \(probe.allOutput)")
    }

    // MARK: 4. KDF caps

    @Test func aCraftedExportAskingFor4GiBIsRefusedBeforeDerivingAndSaysTheCost() async throws {
        let home = try ScratchHome()
        try await initialized(home)
        let export = home.root + "/crafted.ztv"
        try SealedExport<ExportPayload>.write(ExportPayload(profiles: []), to: export, passphrase: Passphrase("export pass"),
            parameters: KDFParameters(logN: 10))
        // logN 20, r 32, p 16: within the old per-factor caps.
        try VaultForgery.rewrite(export) { bytes in
            bytes[11] = 20
            bytes[12] = 32
            bytes[13] = 16
        }
        let result = try await home.run(["import", export], environment: ["ZTENANT_IMPORT_PASSPHRASE": "export pass"])
        #expect(result.status == 4, "\(result.allOutput)")
        #expect(result.stderr.contains("it would need 4 GiB of memory (the cap is 1 GiB)"), "\(result.stderr)")
        #expect(result.stderr.contains("512× the default's work"), "\(result.stderr)")
    }

    // MARK: 5. exec hands nothing of ztenant's on

    @Test func execHandsOnNoPassphraseVariableDescriptorSignalSettingOrCoreLimit() async throws {
        try await withMockServer { server in
            let home = try ScratchHome()
            try await initialized(home)
            let added = try await home.run(["add", "sbx", "--url", server.baseURL, "--user", "demo@example.com", "--password-stdin"],
                stdin: "demo-password\n")
            #expect(added.status == 0, "\(added.allOutput)")
            let environment = [
                "ZTENANT_PASSPHRASE": "unused but set", "ZTENANT_NEW_PASSPHRASE": "x", "ZTENANT_IMPORT_PASSPHRASE": "y",
                "ZTENANT_VAULT": home.vault,
            ]
            // The exec'd program reads its own status: a shell's child reading the shell's
            // status could catch dash with every signal blocked around a fork. The user's core
            // limit is one the shell sets (2 KiB, in dash's 512-byte blocks, where the hard limit
            // allows) and prints before it becomes ztenant, which sets its own to 0: this test
            // process may have hardened itself to 0 already, which would leave nothing to compare.
            let status = try await ProcessRunner.run("/bin/sh", [
                "-c", "ulimit -S -c 4 2>/dev/null; grep '^Max core file size' /proc/$$/limits; exec \"$0\" exec sbx -- /bin/cat /proc/self/status /proc/self/limits",
                ProcessRunner.ztenantBinary,
            ], environment: home.environment.merging(environment) { $1 })
            #expect(status.status == 0, "\(status.allOutput)")
            let own = status.stdout.split(separator: "\n").map(String.init)
            #expect(own.contains { $0.hasPrefix("SigIgn:") && $0.hasSuffix("0000000000000000") }, "no signal ignored: \(own)")
            #expect(own.contains { $0.hasPrefix("SigBlk:") && $0.hasSuffix("0000000000000000") }, "no signal blocked: \(own)")
            let cores = own.filter { $0.hasPrefix("Max core file size") }.map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            #expect(cores.count == 2 && cores[0].count > 4 && cores[1].count > 4 && cores[1][4] == cores[0][4],
                "the user's core limit is back: \(own)")

            let script = """
                echo fds-begin
                ls /proc/$$/fd
                echo fds-end
                env | grep '^ZTENANT_' | sort | sed 's/=.*//' | tr '\\n' ' ' | sed 's/^/vars:/'
                echo
                echo "session:${#ZUORA_SESSION}"
                """
            let result = try await home.run(["exec", "sbx", "--", "/bin/sh", "-c", script], environment: environment)
            #expect(result.status == 0, "\(result.allOutput)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            let fds = lines.drop { $0 != "fds-begin" }.dropFirst().prefix { $0 != "fds-end" }
            #expect(Array(fds) == ["0", "1", "2"], "only stdin, stdout and stderr: \(lines)")
            #expect(lines.contains("vars:ZTENANT_VAULT "), "no passphrase variable, not even ZTENANT_PASSPHRASE_FILE: \(lines)")
            #expect(lines.contains("session:256"))
        }
    }

    @Test func aPassphraseFileOthersCanReadIsWarnedAboutWhenUsedAndByDoctor() async throws {
        let home = try ScratchHome()
        try await initialized(home)
        chmod(home.passphraseFile, 0o644)
        let list = try await home.run(["list"])
        #expect(list.status == 0, "\(list.allOutput)")
        #expect(list.stderr.contains("the passphrase file \(home.passphraseFile) can be read by other users (mode 0644)"), "\(list.stderr)")
        #expect(list.stderr.contains("chmod 600 '\(home.passphraseFile)'"))
        let doctor = try await home.run(["doctor"])
        #expect(doctor.allOutput.contains("can be read by other users (mode 0644)"), "\(doctor.allOutput)")
        chmod(home.passphraseFile, 0o600)
        let quiet = try await home.run(["list"])
        #expect(!quiet.stderr.contains("warning"), "\(quiet.stderr)")
    }

    // MARK: 6. everything that reaches a terminal is sanitized

    @Test func hostileNamesFromAnImportReachTheTerminalSanitized() async throws {
        let home = try ScratchHome()
        try await initialized(home)
        let export = home.root + "/hostile.ztv"
        let hostile = [
            Profile(name: "evil\u{1B}]0;owned\u{07}name", baseURL: "https://rest.zuora.com", user: "u", password: Secret("p")),
            Profile(name: "entity", baseURL: "https://rest.zuora.com", user: "u", password: Secret("p"),
                entity: .name("Europe\u{1B}[2J\u{202E}")),
            Profile(name: "fine", baseURL: "https://rest.zuora.com", user: "u", password: Secret("p"),
                notes: "note \u{1B}[31mred\u{9B}2J"),
        ]
        try SealedExport<ExportPayload>.write(ExportPayload(profiles: hostile), to: export, passphrase: Passphrase("export pass"),
            parameters: KDFParameters(logN: 10))
        let imported = try await home.run(["import", export], environment: ["ZTENANT_IMPORT_PASSPHRASE": "export pass"])
        #expect(imported.status == 2, "two were invalid: \(imported.allOutput)")
        #expect(imported.stdout.contains("invalid   evilname"), "\(imported.stdout)")
        #expect(imported.stdout.contains("entity name contains control, bidirectional or zero-width characters"), "\(imported.stdout)")
        #expect(imported.stdout.contains("added     fine"))
        let show = try await home.run(["show", "fine"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("note red"), "\(show.stdout.debugDescription)")
        for output in [imported.allOutput, show.allOutput] {
            #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B || $0.value == 0x202E })
        }
    }

    // MARK: 7 and 10. hardening before the secret; echo off checked and restored

    @Test func atThePromptTheCoreLimitIsAlreadyZeroAndCtrlCRestoresEcho() async throws {
        let home = try ScratchHome()
        try await initialized(home)
        var environment = home.environment
        environment["ZTENANT_PASSPHRASE_FILE"] = ""
        // The shell traps SIGINT (a trap, unlike an ignored signal, is not inherited), so it
        // survives the Ctrl-C and reports the terminal modes afterwards.
        let tmux = try TmuxSession("trap 'echo shell-saw-INT' INT; ulimit -c unlimited; \(ProcessRunner.ztenantBinary) list",
            environment: environment)
        try await tmux.waitFor("Passphrase for")
        let pid = try #require(try tmux.commandPID())
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") } ?? ""
        #expect(core.split(separator: " ", omittingEmptySubsequences: true)[4] == "0",
            "hardened before the passphrase exists: \(core)")
        try tmux.send("C-c")
        let screen = try await tmux.waitFor("MODES=")
        #expect(screen.contains("EXIT=130"), "\(screen)")
        let modes = screen.split(separator: "\n").first { $0.hasPrefix("MODES=") } ?? ""
        #expect(modes.split(separator: " ").contains("echo"), "echo is back on after Ctrl-C: \(modes)")
    }

    @Test func whenEchoCannotBeTurnedOffNoSecretIsRead() async throws {
        let home = try ScratchHome()
        try await initialized(home)
        var environment = home.environment
        environment["ZTENANT_PASSPHRASE_FILE"] = ""
        environment["ZTENANT_FAILPOINT"] = "echo-off"
        let tmux = try TmuxSession("\(ProcessRunner.ztenantBinary) list", environment: environment)
        let screen = try await tmux.waitFor("MODES=")
        #expect(screen.contains("cannot turn off echo on the terminal"), "\(screen)")
        #expect(!screen.contains("Passphrase for"), "the prompt never appears")
        #expect(screen.contains("EXIT=3"), "\(screen)")
    }

    // MARK: 11. the vault folder

    @Test func aVaultFolderOthersCanWriteIsRefusedAndOneTheyCanReadIsWarnedAbout() async throws {
        let home = try ScratchHome()
        try await initialized(home)
        let folder = (home.vault as NSString).deletingLastPathComponent
        chmod(folder, 0o777)
        let refused = try await home.run(["list"])
        #expect(refused.status == 3, "\(refused.allOutput)")
        #expect(refused.stderr.contains("can be written by other users (mode 0777)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("chmod go-w '\(folder)'"))
        chmod(folder, 0o755)
        let warned = try await home.run(["list"])
        #expect(warned.status == 0, "\(warned.allOutput)")
        #expect(warned.stderr.contains("warning: the vault's folder \(folder) can be listed by other users (mode 0755)"), "\(warned.stderr)")
        chmod(folder, 0o700)
        let quiet = try await home.run(["list"])
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    /// As root (CI), files can be given to another user; as anyone else there is nothing to set up.
    @Test(.enabled(if: geteuid() == 0, "needs root to chown"))
    func aVaultOrFolderOwnedByAnotherUserIsRefused() async throws {
        let home = try ScratchHome()
        try await initialized(home)
        let folder = (home.vault as NSString).deletingLastPathComponent
        #expect(chown(folder, 65534, 65534) == 0)
        let folderRefused = try await home.run(["list"])
        #expect(folderRefused.status == 3, "\(folderRefused.allOutput)")
        #expect(folderRefused.stderr.contains("\(folder) belongs to another user (uid 65534)"), "\(folderRefused.stderr)")
        #expect(chown(folder, 0, 0) == 0)
        #expect(chown(home.vault, 65534, 65534) == 0)
        let fileRefused = try await home.run(["list"])
        #expect(fileRefused.status == 3)
        #expect(fileRefused.stderr.contains("\(home.vault) belongs to another user"), "\(fileRefused.stderr)")
        #expect(chown(home.vault, 0, 0) == 0)
        // A symbolic link to a vault whose real folder others can write is refused too.
        let open = home.root + "/open"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: true)
        chmod(open, 0o777)
        try FileManager.default.moveItem(atPath: home.vault, toPath: open + "/vault.ztv")
        try FileManager.default.createSymbolicLink(atPath: home.vault, withDestinationPath: open + "/vault.ztv")
        let linked = try await home.run(["list"])
        #expect(linked.status == 3, "\(linked.allOutput)")
        #expect(linked.stderr.contains("\(open) can be written by other users"), "\(linked.stderr)")
    }

    @Test func exportNeverOverwritesAFile() async throws {
        let home = try ScratchHome()
        try await initialized(home)
        let target = home.root + "/exists.ztv"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: target))
        let result = try await home.run(["export", "--out", target], environment: ["ZTENANT_NEW_PASSPHRASE": "export passphrase"])
        #expect(result.status == 2, "\(result.allOutput)")
        #expect(result.stderr.contains("already exists; ztenant never writes over a file"))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "mine")
    }

    // MARK: 12. shared options before the subcommand

    @Test(arguments: [
        (["--vault", "VAULT", "list"], 0, "elsewhere-only"),
        (["--vault=VAULT", "list"], 0, "elsewhere-only"),
        (["--no-color", "--vault", "VAULT", "list"], 0, "elsewhere-only"),
        (["--vault", "VAULT", "--no-color", "list", "--json"], 0, "elsewhere-only"),
        (["--passphrase-fd", "0", "--vault", "VAULT", "list"], 0, "elsewhere-only"),
        (["--vault", "VAULT", "show", "elsewhere-only"], 0, "127.0.0.1"),
        (["--vault", "VAULT", "doctor"], 0, "other/vault.ztv"),
        (["--vault", "VAULT", "check", "--all"], 22, "elsewhere-only"),
        (["--no-color", "paths"], 0, "vault"),
        (["--no-color", "themes"], 0, "default"),
    ])
    func sharedOptionsWorkBeforeTheSubcommand(arguments: [String], status: Int32, shows: String) async throws {
        let home = try ScratchHome()
        try await initialized(home)
        let elsewhere = home.root + "/other/vault.ztv"
        let created = try await home.run(["init", "--vault", elsewhere])
        #expect(created.status == 0, "\(created.allOutput)")
        let added = try await home.run(["add", "elsewhere-only", "--vault", elsewhere, "--url", "http://127.0.0.1:9",
            "--user", "u", "--password-stdin"], stdin: "p\n")
        #expect(added.status == 0, "\(added.allOutput)")
        let resolved = arguments.map { $0.replacingOccurrences(of: "VAULT", with: elsewhere) }
        let result = try await home.run(resolved, stdin: arguments.contains("--passphrase-fd") ? Self.passphrase + "\n" : nil)
        #expect(result.status == status, "\(resolved): \(result.allOutput)")
        #expect(result.allOutput.contains(shows), "\(resolved): \(result.allOutput)")
    }

    /// Every command an error message suggests is run as the message spells it.
    @Test func theCommandsErrorMessagesSuggestRunAsWritten() async throws {
        let home = try ScratchHome()
        try await initialized(home)
        let added = try await home.run(["add", "a", "--url", "https://rest.zuora.com", "--user", "u", "--password-stdin"], stdin: "p1\n")
        #expect(added.status == 0)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: home.vault))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: home.vault))

        let corrupted = try await home.run(["list"])
        #expect(corrupted.status == 4)
        let suggestion = try #require(Self.backticked(corrupted.stderr).first { $0.hasPrefix("ztenant ") })
        #expect(suggestion == "ztenant --vault \(home.vault).bak list")
        let followed = try await home.run(Array(suggestion.split(separator: " ").dropFirst().map(String.init)))
        #expect(followed.status == 0, "`\(suggestion)`: \(followed.allOutput)")

        let missing = try ScratchHome()
        let noVault = try await missing.run(["list"])
        let initSuggestion = try #require(Self.backticked(noVault.stderr).first { $0.hasPrefix("ztenant ") })
        #expect(initSuggestion == "ztenant init")
        let ran = try await missing.run(Array(initSuggestion.split(separator: " ").dropFirst().map(String.init)))
        #expect(ran.status == 0, "`\(initSuggestion)`: \(ran.allOutput)")

        // A missing vault named with --vault suggests creating that one.
        let elsewhere = missing.root + "/team/vault.ztv"
        let notThere = try await missing.run(["list", "--vault", elsewhere])
        let initThere = try #require(Self.backticked(notThere.stderr).first { $0.hasPrefix("ztenant ") })
        #expect(initThere == "ztenant init --vault \(elsewhere)")
        let createdThere = try await missing.run(Array(initThere.split(separator: " ").dropFirst().map(String.init)))
        #expect(createdThere.status == 0, "`\(initThere)`: \(createdThere.allOutput)")
        #expect(FileManager.default.fileExists(atPath: elsewhere))

        // `init` over a vault suggests `ztenant rekey`.
        let again = try await missing.run(["init"])
        #expect(again.status == 2)
        let rekeySuggestion = try #require(Self.backticked(again.stderr).first { $0.hasPrefix("ztenant ") })
        #expect(rekeySuggestion == "ztenant rekey")
        let rekeyed = try await missing.run(["rekey"], environment: ["ZTENANT_NEW_PASSPHRASE": "another good passphrase"])
        #expect(rekeyed.status == 0, "`\(rekeySuggestion)`: \(rekeyed.allOutput)")
        try missing.setPassphrase("another good passphrase")

        // No active profile suggests `ztenant use NAME`.
        let added2 = try await missing.run(["add", "local", "--url", "http://127.0.0.1:9", "--user", "u", "--password-stdin"], stdin: "p\n")
        #expect(added2.status == 0, "\(added2.allOutput)")
        let noActive = try await missing.run(["current"])
        #expect(noActive.status == 10)
        let useSuggestion = try #require(Self.backticked(noActive.stderr).first { $0.hasPrefix("ztenant use") })
        let used = try await missing.run(useSuggestion.replacingOccurrences(of: "NAME", with: "local").split(separator: " ").dropFirst().map(String.init))
        #expect(used.stdout.contains("Now using local"), "`\(useSuggestion)`: \(used.allOutput)")
        let current = try await missing.run(["current"])
        #expect(current.status == 0, "\(current.allOutput)")
    }

    static func backticked(_ text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
