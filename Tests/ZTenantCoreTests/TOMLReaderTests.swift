import Foundation
import Testing
import ZTenantCore

@Suite("The TOML reader: the subset ztenant's files use, every error with its line")
struct TOMLReaderTests {
    @Test func readsTablesKeysStringsIntegersBooleansArraysAndInlineTables() throws {
        let document = try TOMLReader.read("""
            # a comment
            title = "ztenant" # trailing comment
            [palette]
            accent = "#5fafff"
            bar = 236
            hex = 0xff
            big = 1_000
            'literal key' = 'C:\\path'
            [roles]
            "status.ok" = { fg = "ok", bold = true }
            empty = {}
            [a.b]
            list = [1, "two",
              false, # comment inside
            ]
            c.d = -3
            """)
        #expect(document["title"]?.string == "ztenant")
        let palette = try #require(document["palette"]?.table)
        #expect(palette.entries.map(\.key) == ["accent", "bar", "hex", "big", "literal key"])
        #expect(palette["bar"]?.integer == 236)
        #expect(palette["hex"]?.integer == 255)
        #expect(palette["big"]?.integer == 1000)
        #expect(palette["literal key"]?.string == "C:\\path")
        #expect(palette["accent"]?.line == 4)
        let ok = try #require(document["roles"]?.table?["status.ok"]?.table)
        #expect(ok["fg"]?.string == "ok")
        #expect(ok["bold"]?.boolean == true)
        #expect(document["roles"]?.table?["empty"]?.table?.entries.isEmpty == true)
        let b = try #require(document["a"]?.table?["b"]?.table)
        guard case .array(let items, _)? = b["list"] else {
            Issue.record("no array")
            return
        }
        #expect(items.map(\.line) == [13, 13, 14])
        #expect(b["c"]?.table?["d"]?.integer == -3)
    }

    @Test func escapesInBasicStrings() throws {
        let document = try TOMLReader.read(#"s = "tab\there \"q\" \u00e9 \U0001F600 back\\slash""#)
        #expect(document["s"]?.string == "tab\there \"q\" é 😀 back\\slash")
    }

    @Test(arguments: [
        ("a = 1\nb = { c = 1\n", 2, "not closed with '}'"),
        ("[roles\n", 1, "not closed with ']'"),
        ("a = 1\na = 2\n", 2, "set twice (first on line 1)"),
        ("a = 1.5\n", 1, "not a string, integer or boolean"),
        ("a = 1979-05-27\n", 1, "not a string, integer or boolean"),
        ("x = \"open\n", 1, "not closed"),
        ("x = '''multi'''\n", 1, "multi-line strings are not supported"),
        ("[[t]]\n", 1, "arrays of tables"),
        ("[t]\n[t]\n", 2, "defined twice"),
        ("a = 1\n[a]\n", 2, "already a value"),
        ("a = \"x\" b = 2\n", 1, "one key = value per line"),
        ("a = \"\\q\"\n", 1, "unknown escape"),
        ("a = \"\u{1B}[31m\"\n", 1, "control character"),
        ("a = 01\n", 1, "not a string, integer or boolean"),
        ("a = 99999999999999999999\n", 1, "not a string, integer or boolean"),
        ("= 1\n", 1, "a key was expected"),
        ("a = [1, 2\n", 2, "not closed with ']'"),
        // Found by review and fuzzing: these once trapped.
        ("x = --9223372036854775808\n", 1, "not a string, integer or boolean"),
        ("x = +-1\n", 1, "not a string, integer or boolean"),
        ("x = 0x-1\n", 1, "not a string, integer or boolean"),
        ("x = 9223372036854775808\n", 1, "not a string, integer or boolean"),
        ("x = 1__0\n", 1, "not a string, integer or boolean"),
        ("x = 0b102\n", 1, "not a string, integer or boolean"),
    ])
    func malformedInputIsRefusedWithItsLine(text: String, line: Int, message: String) {
        #expect {
            _ = try TOMLReader.read(text)
        } throws: { error in
            guard let error = error as? TOMLReadError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }

    @Test func integersAtTheEdgesOfInt() throws {
        let document = try TOMLReader.read("a = -9223372036854775808\nb = 9223372036854775807\nc = 0x7fffffffffffffff\nd = -0\n")
        #expect(document["a"]?.integer == Int.min)
        #expect(document["b"]?.integer == Int.max)
        #expect(document["c"]?.integer == Int.max)
        #expect(document["d"]?.integer == 0)
    }

    @Test func dottedKeysAndHeadersCannotNestWithoutBound() {
        let deepHeader = "[" + Array(repeating: "a", count: 100_000).joined(separator: ".") + "]\nx = 1\n"
        #expect(throws: TOMLReadError.self) { _ = try TOMLReader.read(deepHeader) }
        let deepKey = "[t]\n" + Array(repeating: "a", count: 50).joined(separator: ".") + " = 1\n"
        #expect(throws: TOMLReadError.self) { _ = try TOMLReader.read(deepKey) }
        let deepInline = "a = " + String(repeating: "{ b = ", count: 40) + "1" + String(repeating: " }", count: 40) + "\n"
        #expect(throws: TOMLReadError.self) { _ = try TOMLReader.read(deepInline) }
        var wide = "a = {"
        for index in 0..<5_000 { wide += " t.k\(index) = 1," }
        wide += " z = 1 }\n"
        #expect((try? TOMLReader.read(wide))?["a"]?.table?["t"]?.table?.entries.count == 5_000, "many dotted keys in one inline table")
    }

    @Test func nestingAndSizeAreBounded() {
        let deep = "a = " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: TOMLReadError.self) { _ = try TOMLReader.read(deep) }
        let big = String(repeating: "# padding\n", count: TOMLReader.maxBytes / 10 + 1)
        #expect(throws: TOMLReadError(line: 1, message: "the file is \(big.utf8.count) bytes long; at most \(TOMLReader.maxBytes) are read")) {
            _ = try TOMLReader.read(big)
        }
    }

    @Test func manyKeysInOneTableAreReadInLinearTime() throws {
        // 15,000 keys: a reader that copied the table on every insert would take minutes.
        var text = "[roles]\n"
        for index in 0..<15_000 { text += "k\(index) = \(index)\n" }
        let document = try TOMLReader.read(text)
        #expect(document["roles"]?.table?.entries.count == 15_000)
        #expect(document["roles"]?.table?["k14999"]?.integer == 14_999)
    }

    @Test func errorMessagesAreDisplaySafe() {
        #expect {
            _ = try TOMLReader.read("a\u{1B}]0;x\u{07} = 1\n")
        } throws: { error in
            guard let error = error as? TOMLReadError else { return false }
            return !error.message.unicodeScalars.contains { $0.value < 0x20 }
        }
    }
}
