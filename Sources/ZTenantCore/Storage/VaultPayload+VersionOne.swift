import Foundation
import ZuoraAPI

/// Reading the single JSON document of a format 1 vault (kept until its first write converts it).
extension VaultPayload {
    /// The format 1 document: history by profile name, no ids, no statuses.
    struct VersionOneDocument: Decodable {
        var schema: Int?
        var profiles: [Profile]
        var activeProfile: String?
        var sessions: [String: StoredSession]
        var history: [String: [ConnectionOutcome]]
        var settings: Settings
    }

    /// Decodes a format 1 plaintext; every profile gets a stable id and a status from its history.
    public init(legacy plaintext: Data) throws {
        let document = try JSONDecoder().decode(VersionOneDocument.self, from: plaintext)
        self.init(profiles: document.profiles, activeProfile: document.activeProfile, sessions: document.sessions,
            history: document.history, settings: document.settings)
        self.schema = document.schema ?? 1
    }
}
