import Foundation
import Testing
import ZTenantCore

#if canImport(Glibc)
import Glibc
#endif

/// config.toml: read without the passphrase, changed line by line, checked on both paths.
@Suite("Settings in config.toml are validated, edited in place and reported by line")
struct ConfigFileTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-config-\(UUID())").path
    var path: String { folder + "/ztenant/config.toml" }

    func write(_ text: String) throws {
        try FileManager.default.createDirectory(atPath: folder + "/ztenant", withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func read() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func aMissingFileMeansEveryDefault() throws {
        let settings = try ConfigFile(path: path).load()
        #expect(settings.entries.isEmpty)
        #expect(settings.theme == "default" && !settings.themeIsSet)
        #expect(settings.rate == FleetRate.default)
        #expect(settings.maxWait == 60)
    }

    @Test func setCreatesTheFileAndEditsOnlyTheSettingsLine() throws {
        let file = ConfigFile(path: path)
        try file.set(.rate, to: "30/min")
        #expect(try file.load().rate == FleetRate(logins: 30, per: .seconds(60)))
        #expect(FileManager.default.fileExists(atPath: path))

        try write("# my settings\ntheme = \"light\"   # the bright one\n\n# pacing\nrate = \"30/min\"\n[agent]\nlater = 1\n")
        try file.set(.rate, to: "unlimited")
        try file.set(.maxWait, to: "5")
        #expect(try read() == "# my settings\ntheme = \"light\"   # the bright one\n\n# pacing\nrate = \"unlimited\"\nmax-wait = 5\n[agent]\nlater = 1\n",
            "comments, order and the later table survive; the new key goes above the table")
        let settings = try file.load()
        #expect(settings.rate == nil && settings.maxWait == 5 && settings.theme == "light")
        #expect(settings.unknownKeys.map(\.key) == ["agent.later"], "a key this version does not know is reported (by its dotted name), not fatal")

        #expect(try file.unset(.theme))
        #expect(try !file.unset(.theme), "unsetting twice says it was not set")
        #expect(try !read().contains("theme"))
        #expect(try file.load().theme == "default")
    }

    @Test func aRateFlagWinsOverTheFileAndUnlimitedMeansNoPacing() throws {
        try write("rate = \"2/s\"\n")
        let settings = try ConfigFile(path: path).load()
        #expect(try settings.rate(flag: nil) == FleetRate(logins: 2, per: .seconds(1)), "no flag: the file's")
        #expect(try settings.rate(flag: "unlimited") == nil, "--rate unlimited turns pacing off, over the file")
        #expect(try settings.rate(flag: "30/min") == FleetRate(logins: 30, per: .seconds(60)))
        #expect(throws: FleetRateError.self) { try settings.rate(flag: "5/hour") }
    }

    @Test func aBadValueIsRefusedBeforeAnythingIsWritten() throws {
        try write("rate = \"30/min\"\n")
        let file = ConfigFile(path: path)
        for (setting, value) in [(Setting.rate, "fast"), (.maxWait, "-1"), (.maxWait, "3601"), (.maxWait, "soon"), (.theme, "../etc/passwd"), (.theme, "")] {
            #expect(throws: ConfigError.self, "\(setting) = \(value)") { try file.set(setting, to: value) }
        }
        #expect(try read() == "rate = \"30/min\"\n")
    }

    @Test func aBrokenFileNamesItsPathAndLine() throws {
        let cases: [(String, Int, String)] = [
            ("theme = \"light\"\nrate = \"fast\"\n", 2, "not a valid rate"),
            ("\n\nmax-wait = \"60\"\n", 3, "must be a whole number"),
            ("theme = light\n", 1, "quotes"),
            ("rate = 90\n", 1, "must be a quoted string"),
        ]
        for (text, line, words) in cases {
            try write(text)
            do {
                _ = try ConfigFile(path: path).load()
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.line == line, "\(text)")
                #expect(error.description.hasPrefix("settings file \(path), line \(line): "), "\(error)")
                #expect(error.description.contains(words), "\(error)")
            }
        }
    }

    @Test func aValueThatSpansLinesIsNotEditedByLine() throws {
        // Valid TOML (an array over two lines), but not a value `set` can replace by its line.
        let text = "rate = [\n  \"90/min\"]\ntheme = \"light\"\n"
        try write(text)
        do {
            try ConfigFile(path: path).set(.rate, to: "30/min")
            Issue.record("a value over several lines was edited by line")
        } catch {
            #expect(error.description.contains("edit the file by hand"), "\(error)")
        }
        #expect(try read() == text, "the file is left as it was")
    }

    @Test func crlfFilesKeepEveryLineAndTheirEndings() throws {
        let text = "rate = \"5/s\"\r\n# keep this note\r\n[agent]\r\ntimeout = 5\r\n"
        try write(text)
        let file = ConfigFile(path: path)
        try file.set(.rate, to: "6/s")
        #expect(try read() == "rate = \"6/s\"\r\n# keep this note\r\n[agent]\r\ntimeout = 5\r\n")
        try file.set(.maxWait, to: "10")
        #expect(try read() == "rate = \"6/s\"\r\n# keep this note\r\nmax-wait = 10\r\n[agent]\r\ntimeout = 5\r\n")
        #expect(try file.unset(.rate))
        #expect(try read() == "# keep this note\r\nmax-wait = 10\r\n[agent]\r\ntimeout = 5\r\n")
    }

    @Test func theEditedLineKeepsItsIndentationKeyAndComment() throws {
        try write("  rate   =   \"5/s\"   # office IP shared, keep low\n\"max-wait\" = 9 # short\n")
        let file = ConfigFile(path: path)
        try file.set(.rate, to: "7/s")
        try file.set(.maxWait, to: "0030")
        #expect(try read() == "  rate   =   \"7/s\"   # office IP shared, keep low\n\"max-wait\" = 30 # short\n",
            "only the value changes, written in its canonical form")
        try file.set(.rate, to: "90/MIN")
        #expect(try file.load().value(.rate) == "90/min")
    }

    @Test func aWrongValueInTheFileIsRepairedBySetOrUnset() throws {
        try write("theme = \"light\"\nrate = \"fast\"\nmax-wait = \"30\"\n")
        let file = ConfigFile(path: path)
        do {
            _ = try file.load()
            Issue.record("a wrong value was accepted")
        } catch {
            #expect(error.line == 2)
            #expect(error.description.contains("fix it with `ztenant config set rate VALUE` or `ztenant config unset rate`"), "\(error)")
        }
        try file.set(.rate, to: "30/min")
        #expect(try file.unset(.maxWait))
        #expect(try read() == "theme = \"light\"\nrate = \"30/min\"\n")
        #expect(try file.load().rate == FleetRate(logins: 30, per: .seconds(60)))
    }

    @Test func theFileKeepsItsModeAndADanglingLinkIsFollowed() throws {
        try write("rate = \"5/s\"\n")
        chmod(path, 0o600)
        try ConfigFile(path: path).set(.rate, to: "6/s")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        try FileManager.default.removeItem(atPath: path)
        let target = folder + "/dotfiles/ztenant.toml"
        try FileManager.default.createDirectory(atPath: folder + "/dotfiles", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        try ConfigFile(path: path).set(.theme, to: "mono")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path) == target, "the link is kept")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("theme = \"mono\""))
    }

    @Test func aFolderWhereTheFileShouldBeIsSaidPlainly() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        do {
            _ = try ConfigFile(path: path).load()
            Issue.record("a folder was read as a settings file")
        } catch {
            #expect(error.kind == .io)
            #expect(error.description.contains("is not a regular file; move it aside"), "\(error)")
        }
    }

    @Test func concurrentChangesAllLand() async throws {
        let file = ConfigFile(path: path)
        for round in 0..<10 {
            try? FileManager.default.removeItem(atPath: path)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = try? file.set(.rate, to: "\(round + 1)/min") }
                group.addTask { _ = try? file.set(.maxWait, to: "\(round)") }
                group.addTask { _ = try? file.set(.theme, to: "t\(round)") }
            }
            let settings = try file.load()
            #expect(settings.entries.count == 3, "round \(round): \((try? read()) ?? "")")
        }
    }

    @Test func aSymlinkedConfigKeepsItsLink() throws {
        try FileManager.default.createDirectory(atPath: folder + "/ztenant", withIntermediateDirectories: true)
        let target = folder + "/dotfiles-config.toml"
        try "theme = \"light\"\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        try ConfigFile(path: path).set(.theme, to: "mono")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "theme = \"mono\"\n")
    }

    @Test func keysAreNamedPlainlyWithTheLikelyTypo() {
        #expect(throws: SettingKeyError.self) { try Setting.named("colour") }
        do {
            _ = try Setting.named("max_wait")
            Issue.record("max_wait was taken for a setting")
        } catch {
            #expect(error.suggestion == .maxWait)
            #expect(error.description.contains("did you mean max-wait?"))
        }
    }
}
