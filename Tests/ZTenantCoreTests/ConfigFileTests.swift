import Foundation
import Testing
import ZTenantCore

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
        #expect(settings.unknownKeys.map(\.key) == ["agent"], "a key this version does not know is reported, not fatal")

        #expect(try file.unset(.theme))
        #expect(try !file.unset(.theme), "unsetting twice says it was not set")
        #expect(try !read().contains("theme"))
        #expect(try file.load().theme == "default")
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
        try write("theme = \"\"\"\nlight\"\"\"\n")
        #expect(throws: ConfigError.self) { try ConfigFile(path: path).set(.theme, to: "mono") }
        #expect(try read() == "theme = \"\"\"\nlight\"\"\"\n", "the file is left as it was")
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
        } catch {
            #expect(error.suggestion == .maxWait)
            #expect(error.description.contains("did you mean max-wait?"))
        }
    }
}
