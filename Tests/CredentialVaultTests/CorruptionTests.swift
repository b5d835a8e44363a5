import CredentialVault
import Foundation
import Testing

@Suite("Every single-byte change and every truncation is caught, never misread")
struct CorruptionTests {
    @Test func everySingleByteCorruptionAndTruncationIsDetected() throws {
        let folder = TemporaryFolder()
        let path = folder.file("vault.ztv")
        _ = try Vault<Notes>.create(at: path, passphrase: Passphrase("p"), parameters: KDFParameters(logN: 10),
            payload: Notes(items: ["secret-a", "secret-b"]))
        let original = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(original.count < 400, "a small vault")
        var checked = 0

        func expectDetected(_ bytes: [UInt8], _ what: String) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                // A read checks what it reads; only the trailing digest (kept for older builds,
                // checked by `doctor`) is outside the one section this payload has.
                let opened = try Vault<Notes>.open(at: path, passphrase: Passphrase("p"))
                guard opened.payload == Notes(items: ["secret-a", "secret-b"]) else {
                    Issue.record("\(what) opened and yielded \(opened.payload)")
                    return
                }
                _ = try VaultInspection.inspect(at: path)
                Issue.record("\(what) passed doctor's whole-file check")
            } catch let error as VaultError {
                switch error {
                case .corrupted, .wrongPassphrase, .notAVault: checked += 1
                default: Issue.record("\(what): unexpected \(error)")
                }
            }
        }

        for offset in original.indices {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var bytes = original
                bytes[offset] ^= flip
                try expectDetected(bytes, "byte \(offset) ^ \(flip)")
            }
        }
        for length in 0..<original.count {
            try expectDetected(Array(original.prefix(length)), "truncated to \(length)")
        }
        #expect(checked == original.count * 4)

        try Data(original).write(to: URL(fileURLWithPath: path))
        #expect(try Vault<Notes>.open(at: path, passphrase: Passphrase("p")).payload == Notes(items: ["secret-a", "secret-b"]))
    }
}
