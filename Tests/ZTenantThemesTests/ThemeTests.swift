import Foundation
import Testing
import TestSupport
import ZTenantThemes

@Suite("Themes load from TOML, fall back, and map to the terminal's colours")
struct ThemeTests {
    static let bundled = Fixtures.repositoryRoot.appendingPathComponent("themes").path

    func catalog(userFolder: String = "/nonexistent") -> ThemeCatalog {
        ThemeCatalog(userFolder: userFolder, executablePath: "/nonexistent/bin/ztenant", environment: ["ZTENANT_THEMES_DIR": Self.bundled])
    }

    @Test func everyBundledThemeLoadsAndDefinesEveryRole() throws {
        let names = catalog().names
        #expect(names == ["default", "high-contrast", "light", "mono", "solarized-dark"])
        for name in names {
            let (theme, problem) = catalog().load(name)
            #expect(problem == nil, "\(name): \(problem ?? "")")
            #expect(theme.name == name)
            #expect(Set(theme.styles.keys) == Set(ThemeRole.allCases))
        }
    }

    @Test func paletteNamesHexIndexesAndDefaultAreUnderstood() throws {
        let theme = try Theme.parse("""
            [palette]
            accent = "#5fafff"
            bar = 236
            [roles]
            title = { fg = "accent", bold = true }
            header = { fg = "default", bg = "bar" }
            error = { fg = "brightred", underline = true }
            """, name: "t", source: "t.toml")
        #expect(theme.style(.title) == ThemeStyle(foreground: .rgb(0x5f, 0xaf, 0xff), bold: true))
        #expect(theme.style(.header) == ThemeStyle(foreground: .terminalDefault, background: .indexed(236)))
        #expect(theme.style(.error) == ThemeStyle(foreground: .indexed(9), underline: true))
        #expect(theme.style(.inputFocused) == theme.style(.input), "roles left out fall back")
    }

    @Test func aTOMLSyntaxErrorIsReportedWithPathAndLine() {
        #expect {
            _ = try Theme.parse("[roles]\ntext = { fg = \"red\"\n", name: "bad", source: "/x/bad.toml")
        } throws: { error in
            guard let error = error as? ThemeError else { return false }
            return error.path == "/x/bad.toml" && error.line == 2 && error.description.hasPrefix("theme /x/bad.toml, line 2:")
        }
    }

    @Test func unknownRolesAndColoursAreReported() {
        #expect(throws: ThemeError.self) { _ = try Theme.parse("[roles]\nshiny = { fg = \"red\" }", name: "x", source: "x") }
        #expect(throws: ThemeError.self) { _ = try Theme.parse("[roles]\ntext = { fg = \"ultraviolet\" }", name: "x", source: "x") }
        #expect(throws: ThemeError.self) { _ = try Theme.parse("[roles]\ntext = { blink = true }", name: "x", source: "x") }
    }

    @Test func userThemesOverrideBundledOnesAndBrokenOnesFallBackToDefault() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "[roles]\ntitle = { fg = \"red\" }\n".write(toFile: folder + "/light.toml", atomically: true, encoding: .utf8)
        try "[roles\n".write(toFile: folder + "/broken.toml", atomically: true, encoding: .utf8)
        let themes = catalog(userFolder: folder)
        #expect(themes.entries.first { $0.name == "light" }?.origin == "user")
        #expect(themes.load("light").theme.style(.title).foreground == .indexed(1))
        let (fallback, problem) = themes.load("broken")
        #expect(fallback.name == "default")
        #expect(problem?.contains(folder + "/broken.toml") == true)
        #expect(problem?.contains("line 1") == true)
        #expect(problem?.hasSuffix("using default") == true)
    }

    @Test func coloursMapToTheNearestOneTheTerminalHas() {
        let orange = ThemeColor.rgb(0xff, 0x87, 0x00)
        #expect(orange.index(forTerminalColors: 256) == 208)
        #expect([3, 9, 11].contains(orange.index(forTerminalColors: 16)))
        #expect((0..<8).contains(orange.index(forTerminalColors: 8)))
        #expect(ThemeColor.indexed(196).index(forTerminalColors: 8) == 1, "bright red becomes red")
        #expect(ThemeColor.terminalDefault.index(forTerminalColors: 256) == -1)
        #expect(ThemeColor.parse("grey") == .indexed(8))
        #expect(ThemeColor.parse("#GGGGGG") == nil)
    }

    @Test func monochromeKeepsAttributesOnly() {
        let style = ThemeStyle(foreground: .indexed(1), background: .indexed(2), bold: true, reverse: true)
        #expect(style.monochrome == ThemeStyle(bold: true, reverse: true))
        #expect(Theme.monochrome.style(.selection).reverse)
        #expect(Theme.monochrome.style(.envProduction).bold, "production stands out without colour")
    }
}
