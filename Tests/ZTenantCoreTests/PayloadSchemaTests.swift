import CredentialVault
import Foundation
import Testing
@testable import ZTenantCore
import ZuoraAPI

/// The payload schema (inside the sealed data, separate from the file format): a payload a
/// newer build wrote is read, never written back, so nothing it stored is dropped.
@Suite("A payload from a newer schema is read but never written back")
struct PayloadSchemaTests {
    /// What a later build might write: schema 4 and a field this build does not know.
    /// Written in format 2 sections as a newer build would: schema 4 in the profiles section,
    /// beside a field and a section this build does not know.
    struct FuturePayload: SectionedPayload, Equatable {
        var head: Data
        var extra = Data("a section only the newer build knows".utf8)

        init(profiles: [Profile]) throws {
            head = try FuturePayload.profilesSection(profiles, schema: 4)
        }

        /// A profiles section as this build writes it, then what a newer build adds: protobuf
        /// reads a field given again as the later value, and a field it does not know as skipped.
        static func profilesSection(_ profiles: [Profile], schema: UInt8, extra: [UInt8] = []) throws -> Data {
            var bytes = try SectionCoding.encodeProfiles(VaultPayload.ProfilesSection(schema: 1, profiles: profiles,
                ids: profiles.indices.map { String(format: "%032x", $0 + 1) }, activeProfile: nil, settings: Settings()))
            bytes.append(contentsOf: [0x08, schema])  // field 1, the schema
            bytes.append(contentsOf: [0xCA, 0x06, 5] + Array("oauth".utf8))  // field 105: only the newer build knows it
            bytes.append(contentsOf: extra)
            return bytes
        }

        init(sections: SectionReader) throws {
            head = try #require(try sections.open("profiles"))
            extra = try #require(try sections.open("oauth"))
        }

        init(legacy plaintext: Data) throws { throw SectionedPayloadError.newerSchema("not in format 1") }
        var writeRefusal: String? { nil }
        static func refusal(forUndecodable plaintext: Data) -> String? { nil }

        func sectionsForWriting() throws -> [(name: String, content: SectionContent)] {
            [("profiles", .plaintext(head)), ("status", .plaintext(Data())), ("sessions", .plaintext(Data())),
                ("oauth", .plaintext(extra))]
        }
    }

    func scratchVault(_ payload: FuturePayload) throws -> (folder: String, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-schema-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = folder + "/vault.ztv"
        _ = try Vault<FuturePayload>.create(at: path, passphrase: Passphrase("schema test passphrase"),
            parameters: KDFParameters(logN: 10), payload: payload)
        return (folder, path)
    }

    @Test func thisBuildWritesSchema1AndReadsOldPayloadsAsSchema1() throws {
        let payload = VaultPayload()
        #expect(payload.schema == 1 && payload.writeRefusal == nil)
        let sections = try payload.sectionsForWriting()
        #expect(sections.map(\.name) == ["profiles", "status", "sessions"])
        guard case .plaintext(let bytes) = try #require(sections.first).content else { Issue.record("no profiles section"); return }
        #expect(try SectionCoding.decodeProfiles(bytes).schema == 1)
        let old = #"{"profiles":[],"sessions":{},"history":{},"settings":{"autoLockMinutes":10}}"#
        #expect(try VaultPayload(legacy: Data(old.utf8)).schema == 1, "a format 1 payload without the field is schema 1")
    }

    @Test func aNewerPayloadOpensButEveryWriteIsRefusedAndTheFileIsUntouched() throws {
        let profile = Profile(name: "acme", baseURL: "https://rest.zuora.com", user: "u", password: Secret("p"))
        let (folder, path) = try scratchVault(try FuturePayload(profiles: [profile]))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let (vault, payload) = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("schema test passphrase"))
        #expect(payload.profiles.map(\.name) == ["acme"], "read: list, show and env work")
        #expect(payload.writeRefusal?.contains("payload schema 4; this build understands up to 3") == true)
        for write in [
            { _ = try vault.update { try $0.setActive("acme") } },
            { try vault.save(payload) },
        ] as [() throws -> Void] {
            do {
                try write()
                Issue.record("a newer payload was written back")
            } catch let error as VaultError {
                guard case .readOnly = error else { Issue.record("\(error)"); continue }
                #expect(error.description.contains("written by a newer ztenant"))
            }
        }
        #expect(throws: VaultError.self, "a payload built from scratch cannot be saved over the newer one either") {
            try vault.save(VaultPayload())
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "nothing was written")
    }

    /// What a later build might write with kinds this build cannot decode at all.
    struct UnreadableFuture: SectionedPayload {
        var schema: UInt8

        init(schema: UInt8) { self.schema = schema }
        init(sections: SectionReader) throws { throw SectionedPayloadError.newerSchema("only written here") }
        init(legacy plaintext: Data) throws { throw SectionedPayloadError.newerSchema("only written here") }
        var writeRefusal: String? { nil }
        static func refusal(forUndecodable plaintext: Data) -> String? { nil }

        func sectionsForWriting() throws -> [(name: String, content: SectionContent)] {
            // A profile of entity kind 9: field 2 holding field 6 = 9.
            let head = try FuturePayload.profilesSection([], schema: schema, extra: [0x12, 0x02, 0x30, 0x09])
            return [("profiles", .plaintext(head)), ("status", .plaintext(Data())), ("sessions", .plaintext(Data()))]
        }
    }

    @Test func newerContentsThatDoNotDecodeAreNotCalledDamage() throws {
        for (schema, newer) in [(UInt8(4), true), (UInt8(3), false), (UInt8(2), false), (UInt8(1), false)] {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-schema-\(UUID())").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/vault.ztv"
            _ = try Vault<UnreadableFuture>.create(at: path, passphrase: Passphrase("schema test passphrase"),
                parameters: KDFParameters(logN: 10), payload: UnreadableFuture(schema: schema))
            do {
                _ = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("schema test passphrase"))
                Issue.record("undecodable contents opened")
            } catch let error as VaultError {
                switch (error, newer) {
                case (.unreadableNewer, true):
                    #expect(error.description.contains("do not restore the backup over it"))
                case (.corrupted, false):
                    break
                default:
                    Issue.record("schema \(schema): \(error)")
                }
            }
        }
    }

    @Test func rekeyKeepsWhatTheNewerBuildStored() throws {
        let (folder, path) = try scratchVault(try FuturePayload(profiles: []))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (vault, _) = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("schema test passphrase"))
        try vault.rekey(to: Passphrase("the new passphrase"))
        let (_, reread) = try Vault<FuturePayload>.open(at: path, passphrase: Passphrase("the new passphrase"))
        #expect(reread.head == (try FuturePayload(profiles: []).head), "the plaintext is resealed as it was, not re-encoded")
        #expect(reread.extra == Data("a section only the newer build knows".utf8), "and the section this build does not know")
    }
}
