import Foundation
import CredentialVault

/// A fresh folder under the system temporary folder, removed when released.
final class TemporaryFolder {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-vault-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A small payload for vault tests.
struct Notes: SingleSectionPayload, Equatable {
    var items: [String]
}
