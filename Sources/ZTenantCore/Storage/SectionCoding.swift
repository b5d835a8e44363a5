import Foundation
import SwiftProtobuf
import ZuoraAPI

/// The `profiles` and `sessions` sections to and from the protobuf messages of `vault.proto`.
enum SectionCoding {
    static func encodeProfiles(_ head: VaultPayload.ProfilesSection) throws -> Data {
        var section = Ztenant_Vault_ProfilesSection()
        section.schema = Int32(clamping: head.schema)
        section.profiles = zip(head.profiles, head.ids).map { profile, id in
            var message = Ztenant_Vault_Profile()
            message.id = id
            message.name = profile.name
            message.baseURL = profile.baseURL
            message.user = profile.user
            message.password = profile.password.reveal()
            switch profile.entity {
            case .none: break
            case .id(let value):
                message.entityKind = 1
                message.entityValue = value
            case .name(let value):
                message.entityKind = 2
                message.entityValue = value
            }
            message.tags = profile.tags
            message.notes = profile.notes
            message.sessionTimeoutMinutes = Int32(clamping: profile.sessionTimeoutMinutes)
            message.environmentClass = profile.declaredClass?.rawValue ?? ""
            message.oauth = profile.auth == .oauth
            return message
        }
        section.activeProfile = head.activeProfile
        section.theme = head.settings.theme
        section.autoLockMinutes = Int32(clamping: head.settings.autoLockMinutes)
        return try section.serializedBytes()
    }

    /// Decodes the profiles section; a profile with an entity kind this build does not know is
    /// an error (a newer build wrote it; the caller says so when the schema is newer).
    static func decodeProfiles(_ bytes: Data) throws -> VaultPayload.ProfilesSection {
        let section = try Ztenant_Vault_ProfilesSection(serializedBytes: bytes)
        let profiles = try section.profiles.map { message in
            let entity: EntitySelector
            switch message.entityKind {
            case 0: entity = .none
            case 1: entity = .id(message.entityValue)
            case 2: entity = .name(message.entityValue)
            default: throw SectionCodingError.unknownEntityKind(Int(message.entityKind))
            }
            var declared: EnvironmentClass?
            if !message.environmentClass.isEmpty {
                guard let known = EnvironmentClass(rawValue: message.environmentClass), known != .custom else {
                    throw SectionCodingError.unknownEnvironmentClass(message.environmentClass)
                }
                declared = known
            }
            return Profile(name: message.name, baseURL: message.baseURL, user: message.user, password: Secret(message.password),
                entity: entity, tags: message.tags, notes: message.notes,
                sessionTimeoutMinutes: Int(message.sessionTimeoutMinutes), declaredClass: declared, auth: message.oauth ? .oauth : .password)
        }
        return VaultPayload.ProfilesSection(schema: Int(section.schema), profiles: profiles, ids: section.profiles.map(\.id),
            activeProfile: section.activeProfile,
            settings: Settings(theme: section.theme, autoLockMinutes: Int(section.autoLockMinutes)))
    }

    static func encodeSessions(_ sessions: [String: StoredSession]) throws -> Data {
        var section = Ztenant_Vault_SessionsSection()
        // In name order: the same sessions always encode to the same bytes.
        section.sessions = sessions.keys.sorted().map { name in
            let stored = sessions[name]!
            var message = Ztenant_Vault_Session()
            message.profile = name
            message.value = stored.value.reveal()
            message.obtainedAt = stored.obtainedAt.timeIntervalSinceReferenceDate
            message.lastUsedAt = stored.lastUsedAt.timeIntervalSinceReferenceDate
            message.fingerprint = stored.fingerprint
            message.expiresAt = stored.expiresAt?.timeIntervalSinceReferenceDate
            return message
        }
        return try section.serializedBytes()
    }

    static func decodeSessions(_ bytes: Data) throws -> [String: StoredSession] {
        let section = try Ztenant_Vault_SessionsSection(serializedBytes: bytes)
        var sessions: [String: StoredSession] = [:]
        for message in section.sessions {
            sessions[message.profile] = StoredSession(value: Secret(message.value),
                obtainedAt: Date(timeIntervalSinceReferenceDate: message.obtainedAt),
                lastUsedAt: Date(timeIntervalSinceReferenceDate: message.lastUsedAt), fingerprint: message.fingerprint,
                expiresAt: message.expiresAt.map { Date(timeIntervalSinceReferenceDate: $0) })
        }
        return sessions
    }
}

/// What does not decode in a section this build wrote the schema of.
enum SectionCodingError: Error, CustomStringConvertible {
    case unknownEntityKind(Int)
    case unknownEnvironmentClass(String)

    var description: String {
        switch self {
        case .unknownEntityKind(let kind): "a profile has entity kind \(kind), which this build does not know"
        case .unknownEnvironmentClass(let name):
            "a profile declares environment class '\(TextSanitizer.sanitize(name, limit: 40))', which this build does not know"
        }
    }
}
