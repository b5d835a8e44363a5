import Foundation
import ZuoraAPI

/// One profile's result in a fleet check.
public struct FleetCheckResult: Sendable {
    /// The profile checked.
    public var profile: Profile
    /// What happened.
    public var outcome: ConnectionOutcome
    /// Whether the call was skipped because the host was already rate limiting us.
    public var skipped: Bool

    /// Creates a result.
    public init(profile: Profile, outcome: ConnectionOutcome, skipped: Bool) {
        self.profile = profile
        self.outcome = outcome
        self.skipped = skipped
    }
}

/// Checks many profiles at once, politely: at most `concurrency` calls in flight, at most
/// `perHost` to any one host, and none to a host once it has answered 429 (the remaining
/// profiles on it are reported `rate_limited` with the delay instead of hammering it).
///
/// Results arrive as they complete through ``run(_:)``'s stream; stop consuming (or cancel
/// the consuming task) to cancel the calls still running.
public struct FleetCheck: Sendable {
    /// Calls in flight at most.
    public var concurrency: Int
    /// Calls in flight to one host at most.
    public var perHost: Int
    private let client: ConnectionClient

    /// Creates a fleet check; the defaults are 8 overall and 4 per host.
    public init(client: ConnectionClient, concurrency: Int = 8, perHost: Int = 4) {
        self.client = client
        self.concurrency = max(1, concurrency)
        self.perHost = max(1, perHost)
    }

    /// Starts checking and returns the results as they complete.
    public func run(_ profiles: [Profile]) -> AsyncStream<FleetCheckResult> {
        let (stream, continuation) = AsyncStream<FleetCheckResult>.makeStream()
        let gate = HostGate(total: concurrency, perHost: perHost)
        let client = self.client
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                for profile in profiles {
                    group.addTask {
                        let host = profile.host.lowercased()
                        guard await gate.acquire(host) else { return }
                        let result = await Self.check(profile, host: host, client: client, gate: gate)
                        await gate.release(host)
                        if let result, !Task.isCancelled { continuation.yield(result) }
                    }
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in
            task.cancel()
            Task { await gate.cancelAll() }
        }
        return stream
    }

    private static func check(_ profile: Profile, host: String, client: ConnectionClient, gate: HostGate) async
        -> FleetCheckResult?
    {
        if Task.isCancelled { return nil }
        if let retry = await gate.blockedDelay(host) {
            return FleetCheckResult(profile: profile, outcome: skipped(profile, retry: retry), skipped: true)
        }
        let outcome = await client.connect(profile.credentials)
        if outcome.status == .rateLimited {
            await gate.block(host, seconds: outcome.retryAfterSeconds ?? 60)
        }
        return FleetCheckResult(profile: profile, outcome: outcome, skipped: false)
    }

    private static func skipped(_ profile: Profile, retry: Int) -> ConnectionOutcome {
        ConnectionOutcome(
            status: .rateLimited, url: profile.baseURL, rateLimit: RateLimitInfo(retryAfter: retry), checkedAt: Date(),
            detail: "Not sent: \(profile.host) is rate limiting this check; retry in \(retry) s.")
    }
}

/// Grants call slots under the overall and per-host limits, and remembers hosts that
/// answered 429.
actor HostGate {
    private let total: Int
    private let perHost: Int
    private var running = 0
    private var perHostRunning: [String: Int] = [:]
    private var waiting: [(host: String, continuation: CheckedContinuation<Bool, Never>)] = []
    private var blockedUntil: [String: Date] = [:]
    private var cancelled = false

    init(total: Int, perHost: Int) {
        self.total = total
        self.perHost = perHost
    }

    /// Waits for a slot; false when the check was cancelled.
    func acquire(_ host: String) async -> Bool {
        if cancelled { return false }
        if canRun(host) {
            take(host)
            return true
        }
        return await withCheckedContinuation { continuation in
            waiting.append((host, continuation))
        }
    }

    func release(_ host: String) {
        running -= 1
        perHostRunning[host, default: 1] -= 1
        var index = 0
        while index < waiting.count {
            if canRun(waiting[index].host) {
                let next = waiting.remove(at: index)
                take(next.host)
                next.continuation.resume(returning: true)
            } else {
                index += 1
            }
        }
    }

    func block(_ host: String, seconds: Int) {
        blockedUntil[host] = Date().addingTimeInterval(TimeInterval(seconds))
    }

    func blockedDelay(_ host: String) -> Int? {
        guard let until = blockedUntil[host] else { return nil }
        let left = Int(until.timeIntervalSinceNow.rounded(.up))
        return left > 0 ? left : nil
    }

    func cancelAll() {
        cancelled = true
        let pending = waiting
        waiting.removeAll()
        for entry in pending { entry.continuation.resume(returning: false) }
    }

    private func canRun(_ host: String) -> Bool {
        running < total && perHostRunning[host, default: 0] < perHost
    }

    private func take(_ host: String) {
        running += 1
        perHostRunning[host, default: 0] += 1
    }
}
