import Foundation
import SwiftProtobuf
import ZuoraAPI

/// Converts check history to and from the protobuf messages, so the benchmark times what a
/// protobuf-backed vault would do: model → bytes and bytes → model.
enum HistoryMapping {
    static func section(_ history: [String: [ConnectionOutcome]]) -> Ztenant_Bench_HistorySection {
        var section = Ztenant_Bench_HistorySection()
        section.profiles = history.map { name, outcomes in
            var entry = Ztenant_Bench_ProfileHistory()
            entry.profile = name
            entry.outcomes = outcomes.map(message)
            return entry
        }
        return section
    }

    static func history(_ section: Ztenant_Bench_HistorySection) -> [String: [ConnectionOutcome]] {
        Dictionary(section.profiles.map { ($0.profile, $0.outcomes.map(outcome)) }, uniquingKeysWith: { first, _ in first })
    }

    static func message(_ outcome: ConnectionOutcome) -> Ztenant_Bench_Outcome {
        var message = Ztenant_Bench_Outcome()
        message.status = outcome.status.rawValue
        message.url = outcome.url
        message.httpStatus = outcome.httpStatus.map(Int32.init)
        message.cause = outcome.cause?.rawValue
        message.reasons = outcome.reasons.map { reason in
            var converted = Ztenant_Bench_Reason()
            converted.code = reason.code
            converted.message = reason.message
            return converted
        }
        message.processID = outcome.processId
        message.requestID = outcome.requestId
        message.trackID = outcome.trackId
        if let rate = outcome.rateLimit {
            var converted = Ztenant_Bench_RateLimit()
            converted.limit = rate.limit.map(Int32.init)
            converted.remaining = rate.remaining.map(Int32.init)
            converted.reset = rate.reset.map(Int32.init)
            converted.retryAfter = rate.retryAfter.map(Int32.init)
            message.rateLimit = converted
        }
        message.redirectLocation = outcome.redirectLocation
        message.latencyMs = outcome.latencyMs.map(Int32.init)
        message.checkedAt = outcome.checkedAt.timeIntervalSinceReferenceDate
        message.detail = outcome.detail
        return message
    }

    static func outcome(_ message: Ztenant_Bench_Outcome) -> ConnectionOutcome {
        ConnectionOutcome(
            status: OutcomeStatus(rawValue: message.status) ?? .protocolError, url: message.url,
            httpStatus: message.httpStatus.map(Int.init), cause: message.cause.flatMap(TransportCause.init(rawValue:)),
            reasons: message.reasons.map { Reason(code: $0.code, message: $0.message) }, processId: message.processID,
            requestId: message.requestID, trackId: message.trackID,
            rateLimit: message.rateLimit.map {
                RateLimitInfo(limit: $0.limit.map(Int.init), remaining: $0.remaining.map(Int.init), reset: $0.reset.map(Int.init),
                    retryAfter: $0.retryAfter.map(Int.init))
            },
            redirectLocation: message.redirectLocation, latencyMs: message.latencyMs.map(Int.init),
            checkedAt: Date(timeIntervalSinceReferenceDate: message.checkedAt), detail: message.detail)
    }
}
