import CredentialVault
import Foundation
import ZuoraAPI

/// The check history of every profile, by profile id, read from the vault file one chunk at a
/// time when it is asked for.
///
/// Results recorded before a chunk was read are kept apart and merged when the chunk is read
/// or written, so recording a check never reads history.
struct CheckHistory: Sendable {
    /// Chunks known whole: read, or set by this process.
    private var whole: [String: [ConnectionOutcome]] = [:]
    /// Results recorded for chunks not read, oldest first.
    private var appended: [String: [ConnectionOutcome]] = [:]
    /// Chunks dropped (their profile was removed).
    private var removed: Set<String> = []
    /// The file the rest is read from; nil for a payload made in memory.
    private let source: HistorySource?

    init(source: HistorySource? = nil) {
        self.source = source
    }

    /// The reader the unread chunks come from.
    var sourceReader: SectionReader? { source?.reader }

    /// A profile's checks, oldest first, at most ``VaultPayload/historyLimit``.
    func outcomes(of id: String) throws -> [ConnectionOutcome] {
        if removed.contains(id) { return [] }
        let base = try whole[id] ?? source?.chunk(id) ?? []
        return Array((base + (appended[id] ?? [])).suffix(VaultPayload.historyLimit))
    }

    /// Whether the id's chunk differs from the file's.
    func isChanged(_ id: String) -> Bool {
        whole[id] != nil || appended[id] != nil
    }

    /// The id's chunk as it is to be written, encoded: results recorded without reading the
    /// chunk are appended to its stored bytes without decoding them.
    func encodedChunk(of id: String) throws -> Data? {
        if let outcomes = whole[id] { return outcomes.isEmpty ? nil : try OutcomeCoding.encodeChunk(outcomes) }
        guard let added = appended[id], !added.isEmpty else { return nil }
        let stored: Data?
        do {
            stored = removed.contains(id) ? nil : try source?.rawChunk(id)
        } catch VaultError.corrupted {
            // A damaged chunk is unreadable already; the new results start it again rather than
            // be lost with it (the backup keeps the damaged one; doctor reports it until then).
            stored = nil
        }
        guard var old = stored else {
            return try OutcomeCoding.encodeChunk(Array(added.suffix(VaultPayload.historyLimit)))
        }
        defer { old.resetBytes(in: 0..<old.count) }
        return try OutcomeCoding.appendingToChunk(old, added, limit: VaultPayload.historyLimit)
    }

    /// Whether the file this history was read from holds a chunk for the id.
    func isStored(_ id: String) -> Bool {
        !removed.contains(id) && (source?.contains(id) ?? false)
    }

    mutating func replace(_ id: String, with outcomes: [ConnectionOutcome]) {
        removed.remove(id)
        appended[id] = nil
        whole[id] = Array(outcomes.suffix(VaultPayload.historyLimit))
    }

    mutating func append(_ outcome: ConnectionOutcome, to id: String) {
        if removed.remove(id) != nil { whole[id] = [] }
        if whole[id] != nil {
            whole[id]!.append(outcome)
            if whole[id]!.count > VaultPayload.historyLimit { whole[id]!.removeFirst(whole[id]!.count - VaultPayload.historyLimit) }
        } else {
            appended[id, default: []].append(outcome)
            if appended[id]!.count > VaultPayload.historyLimit {
                appended[id]!.removeFirst(appended[id]!.count - VaultPayload.historyLimit)
            }
        }
    }

    mutating func remove(_ id: String) {
        whole[id] = nil
        appended[id] = nil
        removed.insert(id)
    }
}

/// Reads history chunks (`history/<id>`) from one vault file.
final class HistorySource: Sendable {
    let reader: SectionReader

    init(reader: SectionReader) {
        self.reader = reader
    }

    func contains(_ id: String) -> Bool {
        reader.contains(VaultPayload.historySection(id))
    }

    /// The chunk's encoded bytes, as sealed.
    func rawChunk(_ id: String) throws -> Data? {
        try reader.open(VaultPayload.historySection(id), remembered: false)
    }

    func chunk(_ id: String) throws -> [ConnectionOutcome]? {
        guard let plain = try reader.open(VaultPayload.historySection(id), remembered: false) else { return nil }
        do {
            return try OutcomeCoding.decodeChunk(plain)
        } catch {
            throw VaultError.corrupted(path: reader.path, reason: "the history of one profile is unreadable (\(error))",
                backup: nil)
        }
    }
}
