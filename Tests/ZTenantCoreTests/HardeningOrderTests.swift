import CredentialVault
import Foundation
import Testing
import ZTenantCore

/// Security finding 7: the process is hardened before a secret exists in it.
@Suite("Hardening comes before any passphrase is read")
struct HardeningOrderTests {
    @Test func whenThePromptRunsTheProcessIsAlreadyNonDumpableWithNoCoreLimit() throws {
        let seen = ObservedHardening()
        let source = PassphraseSource(environment: [:]) { _ in
            seen.record(nonDumpable: ProcessHardening.isNonDumpable, coreLimit: ProcessHardening.coreLimit)
            return Passphrase("typed")
        }
        _ = try source.passphrase(for: "/v")
        #expect(seen.values == [ObservedHardening.Value(nonDumpable: true, coreLimit: 0)])
        _ = try PassphraseSource(environment: [:]) { _ in
            seen.record(nonDumpable: ProcessHardening.isNonDumpable, coreLimit: ProcessHardening.coreLimit)
            return Passphrase("new passphrase")
        }.newPassphrase(purpose: "x", allowCurrentSources: false)
        #expect(seen.values.count == 3)
        #expect(seen.values.allSatisfy { $0 == ObservedHardening.Value(nonDumpable: true, coreLimit: 0) })
    }

    @Test func aPassphraseFileOthersCanReadIsReported() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-pass-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data("a passphrase\n".utf8), attributes: [.posixPermissions: 0o640]))
        let warnings = ObservedHardening()
        let passphrase = try PassphraseSource(environment: ["ZTENANT_PASSPHRASE_FILE": path], warn: { warnings.note($0) }) { _ in nil }
            .passphrase(for: "/v")
        #expect(passphrase == Passphrase("a passphrase"))
        #expect(warnings.notes.count == 1)
        #expect(warnings.notes.first?.contains("mode 0640") == true)
        chmod(path, 0o600)
        #expect(PassphraseSource.exposure(ofPassphraseFile: path) == nil)
    }
}

/// What the prompt saw, collected across the `@Sendable` closure.
final class ObservedHardening: @unchecked Sendable {
    struct Value: Equatable {
        let nonDumpable: Bool
        let coreLimit: UInt64
    }
    private let lock = NSLock()
    private var recorded: [Value] = []
    private var warnings: [String] = []

    func record(nonDumpable: Bool, coreLimit: UInt64) {
        lock.withLock { recorded.append(Value(nonDumpable: nonDumpable, coreLimit: coreLimit)) }
    }
    func note(_ warning: String) { lock.withLock { warnings.append(warning) } }
    var values: [Value] { lock.withLock { recorded } }
    var notes: [String] { lock.withLock { warnings } }
}
