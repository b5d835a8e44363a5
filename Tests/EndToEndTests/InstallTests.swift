import Foundation
import Testing
import TestSupport

/// `scripts/install.sh` into a temporary prefix, and the installed binary run from `PATH`.
@Suite("An install puts binary, themes, completions and manual in place, and works from PATH")
struct InstallTests {
    @Test func theInstalledBinaryFindsItsThemesFromPathAndTheCompletionSources() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-install-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let prefix = scratch + "/prefix"
        let elsewhere = scratch + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/install.sh").path

        let installed = try await ProcessRunner.run(script, ["--binary", ProcessRunner.ztenantBinary, prefix])
        #expect(installed.status == 0, "\(installed.allOutput)")
        #expect(installed.stdout.contains("installed ztenant 0.1.0 into \(prefix)"), "\(installed.stdout)")
        for file in ["bin/ztenant", "share/ztenant/themes/default.toml", "share/bash-completion/completions/ztenant",
            "share/zsh/site-functions/_ztenant", "share/fish/vendor_completions.d/ztenant.fish", "share/man/man1/ztenant.1"]
        {
            #expect(FileManager.default.fileExists(atPath: prefix + "/" + file), "\(file) is installed")
        }

        // From another folder, by name through PATH: argv[0] is just "ztenant", so only the
        // binary's real path leads to PREFIX/share/ztenant/themes.
        let environment = ["PATH": prefix + "/bin:/usr/bin:/bin", "HOME": scratch, "XDG_CONFIG_HOME": scratch + "/config"]
        let themes = try await ProcessRunner.run("/bin/bash", ["-c", "cd \(elsewhere) && ztenant themes"], environment: environment)
        #expect(themes.status == 0, "\(themes.allOutput)")
        #expect(themes.stdout.contains("default         bundled  \(prefix)/share/ztenant/themes/default.toml"), "\(themes.stdout)")
        #expect(!themes.stdout.contains(Fixtures.repositoryRoot.path), "themes come from the install, not the checkout")

        let completion = """
            source \(prefix)/share/bash-completion/completions/ztenant || exit 9
            COMP_WORDS=(ztenant con); COMP_CWORD=1; COMP_LINE="ztenant con"; COMP_POINT=11; COMPREPLY=()
            _ztenant ztenant con ztenant; echo "words: ${COMPREPLY[*]}"
            COMP_WORDS=(ztenant config s); COMP_CWORD=2; COMP_LINE="ztenant config s"; COMP_POINT=16; COMPREPLY=()
            _ztenant ztenant s config; echo "words: ${COMPREPLY[*]}"
            """
        let completed = try await ProcessRunner.run("/bin/bash", ["-c", completion], environment: environment)
        #expect(completed.status == 0 && completed.stderr.isEmpty, "the completion sources cleanly: \(completed.allOutput)")
        #expect(completed.stdout == "words: config\nwords: set\n", "\(completed.stdout)")
    }

    @Test func withoutABuiltBinaryItSaysHowToBuildAndInstallsNothing() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-install-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/install.sh").path
        let result = try await ProcessRunner.run(script, ["--binary", scratch + "/missing/ztenant", scratch + "/prefix"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("scripts/build-release.sh --product ztenant"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch + "/prefix"))
    }
}
