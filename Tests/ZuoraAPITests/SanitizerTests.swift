import Foundation
import Testing
import TestSupport
import ZuoraAPI
import ZuoraMock

@Suite("Server text is sanitized and bounded before anyone sees it")
struct SanitizerTests {
    @Test(arguments: [
        ("\u{1B}[31mred\u{1B}[0m text", "red text"),
        ("\u{1B}]0;pwned title\u{07}after", "after"),
        ("\u{1B}]8;;http://evil\u{1B}\\link\u{1B}]8;;\u{1B}\\", "link"),
        ("\u{1B}P+q1234\u{1B}\\ok", "ok"),
        ("a\u{9B}2Jb", "ab"),
        ("bell\u{07} null\u{00} del\u{7F}", "bell null del"),
        ("line1\r\nline2\tend", "line1 line2 end"),
        ("abc\u{202E}fed", "abcfed"),
        ("zero\u{200B}width", "zerowidth"),
        ("  lots   of    space  ", "lots of space"),
        ("ünïcödé 東京 ✓", "ünïcödé 東京 ✓"),
    ])
    func escapesAndControlsAreRemoved(input: String, expected: String) {
        #expect(TextSanitizer.sanitize(input) == expected)
    }

    @Test func outputIsBoundedWithAnEllipsis() {
        let long = String(repeating: "x", count: 1000)
        let result = TextSanitizer.sanitize(long, limit: 50)
        #expect(result == String(repeating: "x", count: 50) + "…")
    }

    @Test func aTenMegabyteMessageComesOutShort() {
        let huge = String(repeating: "\u{1B}[2J boom ", count: 10 * 1024 * 1024 / 9)
        #expect(huge.utf8.count >= 10_000_000)
        let result = TextSanitizer.sanitize(huge)
        #expect(result.count <= TextSanitizer.defaultLimit + 1)
        #expect(!result.contains("\u{1B}"))
    }

    @Test func noControlCharacterSurvivesAnyInput() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let scalars = (0..<64).map { _ in Unicode.Scalar(UInt8.random(in: 0...0xFF, using: &generator)) }
            let input = String(String.UnicodeScalarView(scalars))
            let output = TextSanitizer.sanitize(input)
            #expect(!output.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
    }

    @Test func hostileMessagesFromTheServerArriveSanitized() async throws {
        let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}[31mPassword expired\u{1B}[0m\u{0}\r\n\u{202E}" + String(repeating: "A", count: 900_000)
        try await withMockServer(faulty(.hostileMessage(message: hostile))) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .authFailed)
            let message = try #require(outcome.reasons.first?.message)
            #expect(message.hasPrefix("Password expired"))
            #expect(message.count <= TextSanitizer.defaultLimit + 1)
            for text in [message, outcome.detail] {
                #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" })
            }
            #expect(outcome.detail.count <= 501)
        }
    }

    @Test func aTenMegabyteServerMessageIsCutOffByTheBodyCap() async throws {
        let hostile = String(repeating: "\u{1B}[5m", count: 10 * 1024 * 1024 / 4)
        try await withMockServer(faulty(.hostileMessage(message: hostile))) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .protocolError)
            #expect(outcome.detail.contains("larger than"))
        }
    }

    @Test func headersWithEscapeSequencesAreRejectedAsInvalidHTTP() async throws {
        let fault = MockFault.custom(status: 302, headers: ["Location": "https://x\u{1B}]0;t\u{07}.example/\u{1B}[2J"], body: "")
        try await withMockServer(faulty(fault)) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .protocolError)
            #expect(outcome.redirectLocation == nil)
            #expect(!outcome.detail.unicodeScalars.contains { $0.value < 0x20 })
        }
    }

    @Test func legalButHostileHeaderTextIsSanitizedAndBounded() async throws {
        let location = "https://\u{202E}evil.example/" + String(repeating: "a", count: 5000)
        let fault = MockFault.custom(status: 302, headers: ["Location": location, "Zuora-Request-Id": "\u{202E}" + String(repeating: "r", count: 500)], body: "")
        try await withMockServer(faulty(fault)) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .protocolError)
            let shown = try #require(outcome.redirectLocation)
            #expect(shown.hasPrefix("https://evil.example/aaa"))
            #expect(shown.count <= 201)
            #expect(outcome.requestId?.count ?? 0 <= 65)
            #expect(outcome.requestId?.contains("\u{202E}") == false)
            #expect(outcome.detail.count <= 501)
        }
    }

    @Test func plainASCIITakesTheShortcutAndEverythingElseIsStillCleaned() {
        for plain in ["", "acme-prod-eu", "rest.eu.zuora.com", "Invalid credentials, please try again", "a b c"] {
            #expect(TextSanitizer.isPlainASCII(plain), "\(plain)")
            #expect(TextSanitizer.sanitize(plain) == plain)
        }
        let cleaned: [(String, String)] = [(" lead", "lead"), ("trail ", "trail"), ("two  spaces", "two spaces"),
            ("tab\there", "tab here"), ("bell\u{07}", "bell"), ("\u{1B}[31mred", "red"), ("é ok", "é ok")]
        for (input, expected) in cleaned {
            #expect(!TextSanitizer.isPlainASCII(input), "\(input)")
            #expect(TextSanitizer.sanitize(input) == expected, "\(input)")
        }
        #expect(TextSanitizer.sanitize("abcdef", limit: 3) == "abc…", "the limit still applies to plain text")
    }

}
