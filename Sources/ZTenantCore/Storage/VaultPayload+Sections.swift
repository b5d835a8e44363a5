import CredentialVault
import Foundation
import ZuoraAPI

/// How the payload is laid out in a format 2 vault's sections (protobuf, `vault.proto`).
extension VaultPayload: SectionedPayload {
    static let profilesSection = "profiles"
    static let statusSection = "status"
    static let sessionsSection = "sessions"

    /// The section holding a profile's history.
    static func historySection(_ id: String) -> String { "history/" + id }

    /// The `profiles` section: profiles with their ids, the active mark, settings, and the
    /// payload schema that wrote them (protobuf `ProfilesSection`).
    struct ProfilesSection: Equatable, Sendable {
        var schema: Int
        var profiles: [Profile]
        /// The stable id of each profile, in the order of `profiles`.
        var ids: [String]
        var activeProfile: String?
        var settings: Settings
    }

    /// Reads the profiles, status and sessions sections; history chunks are read when asked for.
    public init(sections: SectionReader) throws {
        var plain = try Self.required(Self.profilesSection, in: sections)
        defer { plain.resetBytes(in: 0..<plain.count) }
        let head: ProfilesSection
        do {
            head = try SectionCoding.decodeProfiles(plain)
        } catch {
            // A newer build may have stored what this one cannot decode; its schema says so.
            if let schema = try? Ztenant_Vault_ProfilesSection(serializedBytes: plain).schema, Int(schema) > Self.currentSchema {
                throw SectionedPayloadError.newerSchema(Self.newer(Int(schema)))
            }
            throw SectionedPayloadError.unreadable(section: Self.profilesSection, reason: "\(error)")
        }
        guard head.ids.count == head.profiles.count else {
            throw SectionedPayloadError.unreadable(section: Self.profilesSection, reason: "profiles and ids differ in number")
        }
        let newer = head.schema > Self.currentSchema
        func decode<T>(_ name: String, _ body: (Data) throws -> T) throws -> T {
            var bytes = try Self.required(name, in: sections)
            defer { bytes.resetBytes(in: 0..<bytes.count) }
            do {
                return try body(bytes)
            } catch {
                if newer { throw SectionedPayloadError.newerSchema(Self.newer(head.schema)) }
                throw SectionedPayloadError.unreadable(section: name, reason: "\(error)")
            }
        }
        var ids: [String: String] = [:]
        var names: [String: String] = [:]
        for (profile, id) in zip(head.profiles, head.ids) {
            ids[profile.name] = id
            names[id] = profile.name
        }
        let statuses = try decode(Self.statusSection) { try OutcomeCoding.decodeStatuses($0, names: names) }
        let sessions = try decode(Self.sessionsSection) { try SectionCoding.decodeSessions($0) }
        self.init(schema: head.schema, profiles: head.profiles, ids: ids, activeProfile: head.activeProfile,
            settings: head.settings, sessions: sessions, statuses: statuses,
            history: CheckHistory(source: HistorySource(reader: sections)))
        stored = head
        touched = []
    }

    /// The file this payload's unread history chunks are in.
    public var sectionSource: SectionReader? { history.sourceReader }

    /// The oldest payload schema that holds these contents: 3 once a profile is an OAuth
    /// client, 2 once one declares an environment class (an older build would drop either on
    /// its next write), else 1. A vault stays writable by older builds until it uses what they
    /// do not know.
    var requiredSchema: Int {
        if profiles.contains(where: { $0.auth == .oauth }) { return 3 }
        return profiles.contains { $0.declaredClass != nil } ? 2 : 1
    }

    /// Every section: profiles, status, sessions, then a history chunk per profile that has
    /// one (unread chunks are kept as they are; removed profiles' chunks are dropped).
    public func sectionsForWriting() throws -> [(name: String, content: SectionContent)] {
        let ids = profiles.map { profileIDs[$0.name] ?? "" }
        let head = ProfilesSection(schema: max(schema, requiredSchema), profiles: profiles, ids: ids, activeProfile: activeProfile,
            settings: settings)
        // A section equal to what was read is not even encoded: the file's copy is kept.
        let stored = self.stored
        let sameIDs = stored?.ids == ids
        var sections: [(name: String, content: SectionContent)] = [
            (Self.profilesSection, stored == head ? .unchanged : .plaintext(try SectionCoding.encodeProfiles(head))),
            (Self.statusSection, sameIDs && !touched.contains(.statuses) ? .unchanged : .plaintext(try OutcomeCoding.encodeStatuses(
                profiles.compactMap { profile in statuses[profile.name].map { (profileIDs[profile.name] ?? "", $0) } }))),
            (Self.sessionsSection, stored != nil && !touched.contains(.sessions)
                ? .unchanged : .plaintext(try SectionCoding.encodeSessions(sessions))),
        ]
        var written = Set<String>()
        // Two profiles of one name (only a hand-made format 1 file could hold them) share an id.
        for id in ids where written.insert(id).inserted {
            if history.isChanged(id) {
                if let chunk = try history.encodedChunk(of: id) { sections.append((Self.historySection(id), .plaintext(chunk))) }
            } else if history.isStored(id) {
                sections.append((Self.historySection(id), .unchanged))
            }
        }
        return sections
    }

    /// The eagerly read sections other than `profiles` that changed since the read.
    struct TouchedSections: OptionSet, Sendable {
        let rawValue: UInt8
        static let statuses = TouchedSections(rawValue: 1)
        static let sessions = TouchedSections(rawValue: 2)
    }

    private static func required(_ name: String, in sections: SectionReader) throws -> Data {
        guard let plain = try sections.open(name) else {
            throw SectionedPayloadError.unreadable(section: name, reason: "the section is missing")
        }
        return plain
    }
}

extension VaultPayload: SchemaVersioned {
    /// Set when a newer build wrote the payload: this build may read it, never write it back.
    public var writeRefusal: String? {
        schema > Self.currentSchema ? Self.newer(schema) : nil
    }

    /// A payload that does not decode but names a newer schema was written by a newer build.
    public static func refusal(forUndecodable plaintext: Data) -> String? {
        struct Probe: Decodable { var schema: Int? }
        guard let schema = (try? JSONDecoder().decode(Probe.self, from: plaintext))?.schema, schema > currentSchema else { return nil }
        return newer(schema)
    }

    static func newer(_ schema: Int) -> String {
        "was written by a newer ztenant (payload schema \(schema); this build understands up to \(currentSchema))"
    }
}
