import Foundation

/// A payload a ``Vault`` stores as separately sealed sections.
///
/// The vault knows nothing of what the sections mean: the payload names them, encodes them
/// and decodes them. It reads the sections it needs when it is made and may keep the
/// ``SectionReader`` to read others later (the vault's check history, one chunk per profile).
public protocol SectionedPayload: SchemaVersioned, Sendable {
    /// Decodes the payload from a format 2 file's sections.
    ///
    /// - Throws: ``SectionedPayloadError`` when a section does not decode.
    init(sections: SectionReader) throws

    /// Decodes the payload from a format 1 file's plaintext (one document), which the next
    /// write converts.
    init(legacy plaintext: Data) throws

    /// Every section of the payload, in the order to write them. A section the payload never
    /// read and did not change is ``SectionContent/unchanged``: the vault copies its sealed
    /// bytes from the file as they are. A section of the file that is not listed is dropped.
    func sectionsForWriting() throws -> [(name: String, content: SectionContent)]

    /// The reader this payload was made from, if it keeps sections unread: ``Vault/save(_:)``
    /// refuses it once the file has changed (its unread sections are no longer the file's).
    var sectionSource: SectionReader? { get }
}

extension SectionedPayload {
    /// None: a payload that reads every section when it is made.
    public var sectionSource: SectionReader? { nil }
}

/// What a payload gives the vault for one section.
public enum SectionContent: Sendable {
    /// The encoded section; sealed again only when it differs from what the file holds.
    case plaintext(Data)
    /// The file's section, kept as it is (the payload never decoded it).
    case unchanged
}

/// Why a section did not decode.
public enum SectionedPayloadError: Error, Sendable {
    /// A newer build wrote it (the reason says which schema it found); not damage.
    case newerSchema(String)
    /// It is not what this build wrote.
    case unreadable(section: String, reason: String)
}

/// A `Codable` payload kept whole in one section named `payload`: for small payloads.
public protocol SingleSectionPayload: Codable, SectionedPayload {}

extension SingleSectionPayload {
    public init(sections: SectionReader) throws {
        guard let plain = try sections.open("payload") else {
            throw SectionedPayloadError.unreadable(section: "payload", reason: "the section is missing")
        }
        do {
            self = try JSONDecoder().decode(Self.self, from: plain)
        } catch {
            throw SectionedPayloadError.unreadable(section: "payload", reason: "\(error)")
        }
    }

    public init(legacy plaintext: Data) throws {
        self = try JSONDecoder().decode(Self.self, from: plaintext)
    }

    public func sectionsForWriting() throws -> [(name: String, content: SectionContent)] {
        [("payload", .plaintext(try JSONEncoder().encode(self)))]
    }

    public var writeRefusal: String? { nil }

    public static func refusal(forUndecodable plaintext: Data) -> String? { nil }
}
