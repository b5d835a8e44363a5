import Foundation
import SwiftProtobuf
import ZuoraAPI

/// Check outcomes to and from the protobuf messages of `vault.proto`.
public enum OutcomeCoding {
    /// One profile's history as a `HistoryChunk`.
    public static func encodeChunk(_ outcomes: [ConnectionOutcome]) throws -> Data {
        var chunk = Ztenant_Vault_HistoryChunk()
        chunk.outcomes = outcomes.map(message)
        return try chunk.serializedBytes()
    }

    /// A `HistoryChunk` as outcomes.
    public static func decodeChunk(_ bytes: Data) throws -> [ConnectionOutcome] {
        try Ztenant_Vault_HistoryChunk(serializedBytes: bytes).outcomes.map(outcome)
    }

    /// `old` (an encoded `HistoryChunk`) with `outcomes` appended and the oldest dropped beyond
    /// `limit`, without decoding `old`: a chunk is a run of length-delimited field-1 entries, so
    /// appending is concatenation and dropping is skipping entries. Anything else in `old` (a
    /// field this build does not know) is decoded and encoded the long way.
    public static func appendingToChunk(_ old: Data, _ outcomes: [ConnectionOutcome], limit: Int) throws -> Data {
        let added = try encodeChunk(outcomes)
        guard outcomes.count < limit, let starts = entryStarts(old) else {
            return try encodeChunk(Array((try decodeChunk(old) + outcomes).suffix(limit)))
        }
        let drop = max(0, starts.count + outcomes.count - limit)
        var result = Data()
        result.reserveCapacity(old.count + added.count)
        if drop < starts.count { result.append(old[(old.startIndex + starts[drop])...]) }
        result.append(added)
        return result
    }

    /// Where each top-level field-1 entry of an encoded chunk starts, or nil when the chunk
    /// holds anything else or is malformed.
    static func entryStarts(_ bytes: Data) -> [Int]? {
        var starts: [Int] = []
        var position = 0
        let count = bytes.count
        return bytes.withUnsafeBytes { buffer -> [Int]? in
            while position < count {
                starts.append(position)
                guard buffer[position] == 0x0A else { return nil }
                position += 1
                var length = 0
                var shift = 0
                while true {
                    guard position < count, shift < 35 else { return nil }
                    let byte: UInt8 = buffer[position]
                    position += 1
                    length |= Int(byte & 0x7F) << shift
                    if byte & 0x80 == 0 { break }
                    shift += 7
                }
                position += length
                guard position <= count else { return nil }
            }
            return starts
        }
    }

    static func encodeStatuses(_ statuses: [(id: String, status: ProfileStatus)]) throws -> Data {
        var section = Ztenant_Vault_StatusSection()
        section.profiles = statuses.map { id, status in
            var entry = Ztenant_Vault_ProfileStatus()
            entry.profileID = id
            entry.last = message(status.last)
            entry.since = status.since.timeIntervalSinceReferenceDate
            entry.checks = Int32(clamping: status.checks)
            entry.firstCode = status.firstCode
            return entry
        }
        return try section.serializedBytes()
    }

    /// The statuses by profile name, for the profiles `names` maps from id to name.
    static func decodeStatuses(_ bytes: Data, names: [String: String]) throws -> [String: ProfileStatus] {
        let section = try Ztenant_Vault_StatusSection(serializedBytes: bytes)
        var statuses: [String: ProfileStatus] = [:]
        statuses.reserveCapacity(section.profiles.count)
        for entry in section.profiles {
            guard let last = entry.last, let name = names[entry.profileID] else { continue }
            statuses[name] = ProfileStatus(last: outcome(last),
                since: Date(timeIntervalSinceReferenceDate: entry.since), checks: Int(entry.checks), firstCode: entry.firstCode)
        }
        return statuses
    }

    static func message(_ outcome: ConnectionOutcome) -> Ztenant_Vault_Outcome {
        var message = Ztenant_Vault_Outcome()
        message.status = outcome.status.rawValue
        message.url = outcome.url
        message.httpStatus = outcome.httpStatus.map { Int32(clamping: $0) }
        message.cause = outcome.cause?.rawValue
        message.reasons = outcome.reasons.map { reason in
            var converted = Ztenant_Vault_Reason()
            converted.code = reason.code
            converted.message = reason.message
            return converted
        }
        message.processID = outcome.processId
        message.requestID = outcome.requestId
        message.trackID = outcome.trackId
        if let rate = outcome.rateLimit {
            var converted = Ztenant_Vault_RateLimit()
            converted.limit = rate.limit.map { Int32(clamping: $0) }
            converted.remaining = rate.remaining.map { Int32(clamping: $0) }
            converted.reset = rate.reset.map { Int32(clamping: $0) }
            converted.retryAfter = rate.retryAfter.map { Int32(clamping: $0) }
            message.rateLimit = converted
        }
        message.redirectLocation = outcome.redirectLocation
        message.latencyMs = outcome.latencyMs.map { Int32(clamping: $0) }
        message.checkedAt = outcome.checkedAt.timeIntervalSinceReferenceDate
        message.detail = outcome.detail
        message.oauth = outcome.auth == .oauth
        if let grant = outcome.grant {
            message.tenantID = grant.tenantId
            message.userID = grant.userId
            message.entityIds = grant.entityIds
            message.expiresIn = grant.expiresIn.map { Int32(clamping: $0) }
        }
        return message
    }

    static func outcome(_ message: Ztenant_Vault_Outcome) -> ConnectionOutcome {
        var outcome = ConnectionOutcome(
            status: OutcomeStatus(rawValue: message.status) ?? .protocolError, url: message.url,
            httpStatus: message.httpStatus.map(Int.init), cause: message.cause.map { TransportCause(rawValue: $0) ?? .other },
            reasons: message.reasons.map { Reason(code: $0.code, message: $0.message) }, processId: message.processID,
            requestId: message.requestID, trackId: message.trackID,
            rateLimit: message.rateLimit.map {
                RateLimitInfo(limit: $0.limit.map(Int.init), remaining: $0.remaining.map(Int.init), reset: $0.reset.map(Int.init),
                    retryAfter: $0.retryAfter.map(Int.init))
            },
            redirectLocation: message.redirectLocation, latencyMs: message.latencyMs.map(Int.init),
            checkedAt: Date(timeIntervalSinceReferenceDate: message.checkedAt), detail: message.detail)
        if message.oauth {
            outcome.auth = .oauth
            if outcome.status == .ok || message.tenantID != nil || message.userID != nil || !message.entityIds.isEmpty || message.expiresIn != nil {
                outcome.grant = TokenGrant(tenantId: message.tenantID, userId: message.userID, entityIds: message.entityIds,
                    expiresIn: message.expiresIn.map(Int.init))
            }
        }
        return outcome
    }
}
