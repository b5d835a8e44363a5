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

/// What one profile of a running fleet check is doing, for a live status line.
public enum FleetProgress: Sendable {
    /// Waiting (holding a slot) for its turn in the host's pacing window, until the instant given.
    case pacing(profile: String, host: String, until: ContinuousClock.Instant)
    /// Waiting out a 429's delay before it is sent, until the instant given.
    case waiting(profile: String, until: ContinuousClock.Instant)
    /// Its login is on the wire.
    case sending(profile: String)
}

/// Checks many profiles at once, politely: at most `concurrency` calls in flight, at most
/// `perHost` to any one host, profiles on one host sent in the order given, and no call
/// where Zuora already said no for now.
///
/// Zuora's AUTH limits are per tenant (2,000 a minute) and per client IP (100 a minute),
/// failed logins included. A 429 whose `RateLimit-Limit` shows a quota above 100 is the
/// tenant's: only profiles with the same host and user are held back. Any other 429 (an IP
/// quota, no quota header, or a second user on the host answered 429 in the same run) holds
/// back the whole host, since more calls would only extend an IP lockout. Held-back profiles
/// are reported `not_checked` with the delay, and never recorded in history.
///
/// Results arrive as they complete through ``run(_:)``'s stream; stop consuming (or cancel
/// the consuming task) to cancel the calls still running.
public struct FleetCheck: Sendable {
    /// Calls in flight at most.
    public var concurrency: Int
    /// Calls in flight to one host at most.
    public var perHost: Int
    /// Logins per sliding window to one host; nil for no pacing.
    public var rate: FleetRate?
    /// Told once per host when pacing first delays a call to it, e.g. to say so on stderr.
    public var onPacing: (@Sendable (_ host: String, _ rate: FleetRate) -> Void)?
    /// The longest a 429's delay is waited out before a held-back profile is sent anyway;
    /// longer delays end as `not_checked`. Bounds 429 delays only, never pacing.
    public var maxWait: Duration = .seconds(60)
    /// Told when a held-back profile starts waiting out a 429's delay.
    public var onWaiting: (@Sendable (_ profile: String, _ seconds: Int) -> Void)?
    /// Told whenever a profile starts pacing, waiting or sending (results come through the stream).
    public var onProgress: (@Sendable (FleetProgress) -> Void)?
    private let client: ConnectionClient

    /// The largest `RateLimit-Limit` that still means a per-IP quota.
    public static let perIPQuota = 100

    /// Creates a fleet check; the defaults are 8 overall, 4 per host and 90 logins a minute
    /// per host.
    public init(client: ConnectionClient, concurrency: Int = 8, perHost: Int = 4, rate: FleetRate? = .default,
        onPacing: (@Sendable (_ host: String, _ rate: FleetRate) -> Void)? = nil)
    {
        self.client = client
        self.concurrency = max(1, concurrency)
        self.perHost = max(1, perHost)
        self.rate = rate
        self.onPacing = onPacing
    }

    /// Starts checking and returns the results as they complete.
    public func run(_ profiles: [Profile]) -> AsyncStream<FleetCheckResult> {
        let (stream, continuation) = AsyncStream<FleetCheckResult>.makeStream()
        let hosts = profiles.map { $0.host.lowercased() }
        let gate = HostGate(total: concurrency, perHost: perHost, order: hosts, rate: rate)
        let (client, rate, onPacing) = (self.client, self.rate, self.onPacing)
        let (maxWait, onWaiting, onProgress) = (self.maxWait, self.onWaiting, self.onProgress)
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                for (index, profile) in profiles.enumerated() {
                    group.addTask {
                        let host = hosts[index]
                        guard await gate.acquire(host, ticket: index) else { return }
                        // Pacing: wait (holding the slot) for this login's turn in the host's window.
                        let (delay, first) = await gate.reserveSend(host)
                        if delay > .zero {
                            if first, let rate { onPacing?(host, rate) }
                            onProgress?(.pacing(profile: profile.name, host: host, until: .now + delay))
                            do { try await Task.sleep(for: delay) } catch {
                                await gate.release(host)
                                return
                            }
                        }
                        let result = await Self.check(profile, host: host, client: client, gate: gate, maxWait: maxWait,
                            onWaiting: onWaiting, onProgress: onProgress)
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

    private static func check(_ profile: Profile, host: String, client: ConnectionClient, gate: HostGate,
        maxWait: Duration, onWaiting: (@Sendable (String, Int) -> Void)?, onProgress: (@Sendable (FleetProgress) -> Void)?) async
        -> FleetCheckResult?
    {
        if Task.isCancelled { return nil }
        let user = profile.user.lowercased()
        // Wait out a 429's delay when it is short enough (it may be extended meanwhile).
        while let hold = await gate.hold(host: host, user: user) {
            guard Duration.seconds(hold.seconds) <= maxWait else {
                return FleetCheckResult(profile: profile, outcome: notChecked(profile, hold: hold), skipped: true)
            }
            onWaiting?(profile.name, hold.seconds)
            onProgress?(.waiting(profile: profile.name, until: .now + .seconds(hold.seconds)))
            do { try await Task.sleep(for: .seconds(hold.seconds)) } catch { return nil }
        }
        onProgress?(.sending(profile: profile.name))
        let outcome = await client.login(profile)
        if outcome.status == .rateLimited {
            let delay = outcome.retryAfterSeconds ?? 60
            let tenantQuota = (outcome.rateLimit?.limit ?? 0) > perIPQuota
            await gate.limited(host: host, user: user, seconds: delay, tenantOnly: tenantQuota)
        }
        return FleetCheckResult(profile: profile, outcome: outcome, skipped: false)
    }

    private static func notChecked(_ profile: Profile, hold: HostGate.Hold) -> ConnectionOutcome {
        let what = hold.wholeHost ? "\(profile.host) is rate limiting this machine" : "Zuora is rate limiting this user's tenant"
        return ConnectionOutcome(
            status: .notChecked, url: profile.baseURL, rateLimit: RateLimitInfo(retryAfter: hold.seconds), checkedAt: Date(),
            detail: "Not sent: \(what); retry in \(hold.seconds) s. The last real result is kept.")
    }
}

/// Grants call slots under the overall and per-host limits, in the order profiles were
/// given on each host, and remembers which hosts and credentials answered 429.
actor HostGate {
    /// Why a profile is held back, and for how long.
    struct Hold: Sendable {
        var seconds: Int
        var wholeHost: Bool
    }

    private let total: Int
    private let perHost: Int
    private var running = 0
    private var perHostRunning: [String: Int] = [:]
    /// Per host, the tickets not yet granted, in order.
    private var pending: [String: [Int]] = [:]
    private var waiting: [(host: String, ticket: Int, continuation: CheckedContinuation<Bool, Never>)] = []
    private var hostHeldUntil: [String: Date] = [:]
    private var userHeldUntil: [String: Date] = [:]
    /// Users on a host that were answered 429 in this run.
    private var limitedUsers: [String: Set<String>] = [:]
    private var cancelled = false

    private let rate: FleetRate?
    /// Per host, when its logins were (or are planned to be) sent, oldest first.
    private var sends: [String: [ContinuousClock.Instant]] = [:]
    private var pacedHosts: Set<String> = []

    init(total: Int, perHost: Int, order hosts: [String], rate: FleetRate?) {
        self.total = total
        self.perHost = perHost
        self.rate = rate
        for (ticket, host) in hosts.enumerated() { pending[host, default: []].append(ticket) }
    }

    /// Waits for a slot and the ticket's turn on its host; false when the check was cancelled.
    func acquire(_ host: String, ticket: Int) async -> Bool {
        if cancelled { return false }
        if canRun(host, ticket: ticket) {
            take(host, ticket: ticket)
            return true
        }
        return await withCheckedContinuation { continuation in
            waiting.append((host, ticket, continuation))
        }
    }

    func release(_ host: String) {
        running -= 1
        perHostRunning[host, default: 1] -= 1
        grantWaiting()
    }

    /// Plans the next login to `host` at the earliest instant that keeps every window within
    /// the rate, and returns how long to wait for it and whether this is the first wait for
    /// the host.
    func reserveSend(_ host: String) -> (delay: Duration, firstWait: Bool) {
        let now = ContinuousClock.now
        guard let rate else { return (.zero, false) }
        var planned = sends[host, default: []]
        // Only the last `logins` sends matter for the next one.
        if planned.count > rate.logins { planned.removeFirst(planned.count - rate.logins) }
        var at = now
        if planned.count == rate.logins, let oldest = planned.first { at = max(now, oldest + rate.window) }
        planned.append(at)
        sends[host] = planned
        let delay = at - now
        let first = delay > .zero && pacedHosts.insert(host).inserted
        return (delay, first)
    }

    /// Records a 429: the user's credentials only when it came from the tenant's quota and no
    /// other user on the host was limited in this run, else the whole host.
    func limited(host: String, user: String, seconds: Int, tenantOnly: Bool) {
        limitedUsers[host, default: []].insert(user)
        let until = Date().addingTimeInterval(TimeInterval(seconds))
        if tenantOnly && limitedUsers[host, default: []].count < 2 {
            userHeldUntil[host + "\u{0}" + user] = until
        } else {
            hostHeldUntil[host] = max(hostHeldUntil[host] ?? until, until)
        }
    }

    /// Whether a profile must not be sent now, and for how long.
    func hold(host: String, user: String) -> Hold? {
        if let until = hostHeldUntil[host], until.timeIntervalSinceNow > 0 {
            return Hold(seconds: Int(until.timeIntervalSinceNow.rounded(.up)), wholeHost: true)
        }
        if let until = userHeldUntil[host + "\u{0}" + user], until.timeIntervalSinceNow > 0 {
            return Hold(seconds: Int(until.timeIntervalSinceNow.rounded(.up)), wholeHost: false)
        }
        return nil
    }

    func cancelAll() {
        cancelled = true
        let pending = waiting
        waiting.removeAll()
        for entry in pending { entry.continuation.resume(returning: false) }
    }

    private func grantWaiting() {
        var granted = true
        while granted {
            granted = false
            if let index = waiting.firstIndex(where: { canRun($0.host, ticket: $0.ticket) }) {
                let next = waiting.remove(at: index)
                take(next.host, ticket: next.ticket)
                next.continuation.resume(returning: true)
                granted = true
            }
        }
    }

    private func canRun(_ host: String, ticket: Int) -> Bool {
        running < total && perHostRunning[host, default: 0] < perHost && pending[host]?.first == ticket
    }

    private func take(_ host: String, ticket: Int) {
        running += 1
        perHostRunning[host, default: 0] += 1
        pending[host]?.removeFirst()
        // The next ticket on this host may now be able to start (it was waiting for its turn).
        grantWaiting()
    }
}
