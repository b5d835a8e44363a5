import Foundation
import ZuoraAPI

/// The JSON object `--json` prints for one connection call (`"schema": 1`), as docs/commands.md
/// describes it. Never contains the password or the session.
public struct OutcomeDocument: Encodable, Sendable {
    /// The JSON schema version of this object.
    public static let schema = 1

    /// The profile name, or nil for `probe`.
    public var profile: String?
    /// The outcome described.
    public var outcome: ConnectionOutcome

    /// Creates the document for an outcome.
    public init(profile: String?, outcome: ConnectionOutcome) {
        self.profile = profile
        self.outcome = outcome
    }

    private enum Key: String, CodingKey {
        case schema, profile, url, status, ok, httpStatus, cause, reasons, processId, requestId, trackId, latencyMs, checkedAt
        case rateLimit, redirectLocation, detail, auth, tenantId, userId, entityIds, expiresIn
    }

    private enum RateKey: String, CodingKey {
        case limit, remaining, reset, retryAfter
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(Self.schema, forKey: .schema)
        try container.encode(profile, forKey: .profile)
        try container.encode(outcome.url, forKey: .url)
        try container.encode(outcome.status.rawValue, forKey: .status)
        try container.encode(outcome.ok, forKey: .ok)
        try container.encode(outcome.httpStatus, forKey: .httpStatus)
        try container.encode(outcome.cause?.rawValue, forKey: .cause)
        try container.encode(outcome.reasons, forKey: .reasons)
        try container.encode(outcome.processId, forKey: .processId)
        try container.encode(outcome.requestId, forKey: .requestId)
        try container.encode(outcome.trackId, forKey: .trackId)
        try container.encode(outcome.latencyMs, forKey: .latencyMs)
        try container.encode(ISO8601.string(outcome.checkedAt), forKey: .checkedAt)
        if let rate = outcome.rateLimit {
            var nested = container.nestedContainer(keyedBy: RateKey.self, forKey: .rateLimit)
            try nested.encodeIfPresent(rate.limit, forKey: .limit)
            try nested.encodeIfPresent(rate.remaining, forKey: .remaining)
            try nested.encodeIfPresent(rate.reset, forKey: .reset)
            try nested.encodeIfPresent(rate.retryAfter, forKey: .retryAfter)
        } else {
            try container.encodeNil(forKey: .rateLimit)
        }
        try container.encode(outcome.redirectLocation, forKey: .redirectLocation)
        try container.encode(outcome.detail, forKey: .detail)
        // OAuth facts: always present, null for a password login (Zuora tells it nothing).
        try container.encode(outcome.auth.rawValue, forKey: .auth)
        try container.encode(outcome.grant?.tenantId, forKey: .tenantId)
        try container.encode(outcome.grant?.userId, forKey: .userId)
        try container.encode(outcome.grant.map(\.entityIds), forKey: .entityIds)
        try container.encode(outcome.grant?.expiresIn, forKey: .expiresIn)
    }

    /// The document as one line of JSON with keys sorted.
    public func jsonLine() -> String {
        JSONLine.encode(self)
    }
}

/// ISO 8601 UTC timestamps with seconds, as every JSON output uses.
public enum ISO8601 {
    /// `2026-11-29T15:04:05Z`.
    public static func string(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon).timeZone(separator: .omitted))
    }
}
