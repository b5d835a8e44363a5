import Foundation
import Testing
import TestSupport
@testable import ZTenantCore

@Suite("Display width from Unicode's data: every wide range, emoji, marks")
struct DisplayWidthTests {
    @Test(arguments: [
        ("東京", 4), ("e\u{301}", 1), ("abc", 3), ("é", 1), ("★", 1),
        ("🚀", 2), ("☔", 2), ("⌚", 2), ("🩰", 2), ("🫠", 2), ("\u{3000}", 2), ("！", 2), ("\u{16FE0}", 2), ("\u{1B000}", 2),
        ("❤", 1), ("❤️", 2), ("🇯🇵", 2), ("👩‍💻", 2), ("👍🏽", 2), ("각", 2), ("\u{1100}\u{1161}", 2), ("\u{200B}", 0), ("\u{200D}", 0),
        ("\u{1F}", 0), ("\u{9B}", 0), ("a\u{20DD}", 1),
    ])
    func widths(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func theTablesAreSortedDisjointRangesOfThePinnedVersion() {
        for table in [UnicodeWidthTable.wide, UnicodeWidthTable.zero] {
            #expect(table.count % 2 == 0)
            for index in stride(from: 0, to: table.count, by: 2) {
                #expect(table[index] <= table[index + 1])
                if index > 0 { #expect(table[index - 1] + 1 < table[index], "ranges are merged and sorted") }
            }
        }
        #expect(UnicodeWidthTable.version == "15.0.0")
    }

    @Test func theCommittedTableIsWhatTheGeneratorMakesFromUnicodesData() async throws {
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/generate-width-table.py").path
        let result = try await ProcessRunner.run("/usr/bin/python3", [script, "--check"])
        #expect(result.status == 0, "\(result.allOutput) (the data comes from Debian's unicode-data, which .ci/run installs)")
        #expect(result.stdout.contains("matches Unicode 15.0.0's data"))
    }
}
