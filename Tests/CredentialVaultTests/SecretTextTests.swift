import Testing

@testable import CredentialVault

/// Security finding 8: secrets typed in the TUI are edited in wiping memory.
@Suite("SecretText edits like a text field and never shows itself")
struct SecretTextTests {
    @Test func editingByCharacterWordAndLine() {
        var text = SecretText()
        for character in "ab cdé 東京" { text.append(character) }
        #expect(text.count == 9)
        #expect(text.reveal() == "ab cdé 東京")
        text.removeLast()
        #expect(text.reveal() == "ab cdé 東")
        text.removeLastWord()
        #expect(text.reveal() == "ab cdé ")
        text.removeLastWord()
        #expect(text.reveal() == "ab ")
        text.removeAll()
        #expect(text.isEmpty)
        text.removeLast()
        #expect(text.isEmpty, "removing from nothing is harmless")
    }

    @Test func copiesAreIndependentAndEqualityIsByContent() {
        var first = SecretText("passphrase")
        let second = first
        first.append("!")
        #expect(second.reveal() == "passphrase", "copy-on-write: the copy kept its value")
        #expect(first != second)
        #expect(SecretText("same") == SecretText("same"))
        #expect(SecretText("same") != SecretText("sama"))
        #expect(SecretText("") == SecretText())
    }

    @Test func growingPastTheFirstBufferKeepsEverything() {
        var text = SecretText()
        let long = String(repeating: "correct horse battery staple ", count: 20)
        for character in long { text.append(character) }
        #expect(text.reveal() == long)
        #expect(text.passphrase().withBytes { Array($0) } == Array(long.utf8))
    }

    @Test func itIsAlwaysMasked() {
        let text = SecretText("hunter2")
        #expect("\(text)" == "SecretText(••••••)")
        #expect(String(reflecting: text) == "SecretText(••••••)")
        #expect(!text.contains { $0 == "x" })
        #expect(text.contains { $0 == "2" })
    }

    @Test func passphrasesCompareByContent() {
        #expect(Passphrase("a") == Passphrase("a"))
        #expect(Passphrase("a") != Passphrase("b"))
        #expect(Passphrase("a") != Passphrase("ab"))
    }
}
