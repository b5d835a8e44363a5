import Foundation
import Synchronization
import ZTenantCore

#if canImport(Glibc)
import Glibc
#endif

/// The live line at the bottom of a `check` on a terminal: how many are done, what is being
/// sent, which host is pacing and when its next login goes, which profiles wait out a 429.
/// Redrawn in place on standard error and erased at the end; never written to a pipe or file.
final class CheckStatusLine: Sendable {
    private struct State {
        var total: Int
        var done = 0
        var sending: Set<String> = []
        var pacing: [String: (host: String, until: ContinuousClock.Instant)] = [:]
        var waiting: [String: ContinuousClock.Instant] = [:]
        var rate: String
        var shown = false
    }

    private let state: Mutex<State>
    private let width: Int
    /// Whether the line is drawn at all (standard error is a terminal, TERM is not dumb).
    let active: Bool

    /// A status line for `total` profiles; inactive unless standard error is a terminal.
    init(total: Int, rate: FleetRate?, width: Int, environment: [String: String]) {
        state = Mutex(State(total: total, rate: rate?.description ?? "unlimited"))
        self.width = width
        active = isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
    }

    /// Takes a progress report from the fleet check and redraws.
    func note(_ progress: FleetProgress) {
        guard active else { return }
        state.withLock { state in
            switch progress {
            case .pacing(let profile, let host, let until):
                state.pacing[profile] = (host, until)
            case .waiting(let profile, let until):
                state.pacing[profile] = nil
                state.waiting[profile] = until
            case .sending(let profile):
                state.pacing[profile] = nil
                state.waiting[profile] = nil
                state.sending.insert(profile)
            }
            draw(&state)
        }
    }

    /// Writes a result line (or any text) above the status line: erase, write, redraw. Returns
    /// false when the write failed (a closed pipe).
    func printAbove(_ text: String, to descriptor: Int32, finished profile: String? = nil) -> Bool {
        state.withLock { state in
            if let profile {
                state.done += 1
                state.sending.remove(profile)
                state.pacing[profile] = nil
                state.waiting[profile] = nil
            }
            guard active else { return StandardStream.write(text, to: descriptor) }
            if state.shown { _ = StandardStream.write("\r\u{1B}[2K", to: STDERR_FILENO) }
            state.shown = false
            let written = StandardStream.write(text, to: descriptor)
            draw(&state)
            return written
        }
    }

    /// Redraws (for the countdowns); call about once a second.
    func tick() {
        guard active else { return }
        state.withLock { draw(&$0) }
    }

    /// Erases the line for good.
    func erase() {
        guard active else { return }
        state.withLock { state in
            if state.shown { _ = StandardStream.write("\r\u{1B}[2K", to: STDERR_FILENO) }
            state.shown = false
            state.total = 0
        }
    }

    /// `checking 12/200 · 4 sending · pacing 90/min to rest.eu.zuora.com, next in 41 s · acme-eu waits 23 s (429) · 150 queued`
    static func text(done: Int, total: Int, sending: Int, pacing: [(host: String, seconds: Int)], rate: String,
        waiting: [(name: String, seconds: Int)]) -> String
    {
        var parts = ["checking \(done)/\(total)"]
        if sending > 0 { parts.append("\(sending) sending") }
        var seenHosts: Set<String> = []
        for entry in pacing.sorted(by: { $0.seconds < $1.seconds }) where seenHosts.insert(entry.host).inserted {
            parts.append("pacing \(rate) to \(entry.host), next in \(entry.seconds) s")
        }
        let sortedWaits = waiting.sorted { ($0.seconds, $0.name) < ($1.seconds, $1.name) }
        for entry in sortedWaits.prefix(2) { parts.append("\(entry.name) waits \(entry.seconds) s (429)") }
        if sortedWaits.count > 2 { parts.append("\(sortedWaits.count - 2) more wait") }
        let queued = total - done - sending - pacing.count - waiting.count
        if queued > 0 { parts.append("\(queued) queued") }
        return parts.joined(separator: " · ")
    }

    private func draw(_ state: inout State) {
        guard state.total > 0 else { return }
        let now = ContinuousClock.now
        func seconds(_ until: ContinuousClock.Instant) -> Int {
            let left = until - now
            return max(0, Int((Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18).rounded(.up)))
        }
        let line = Self.text(done: state.done, total: state.total, sending: state.sending.count,
            pacing: state.pacing.values.map { ($0.host, seconds($0.until)) }, rate: state.rate,
            waiting: state.waiting.map { ($0.key, seconds($0.value)) })
        _ = StandardStream.write("\r\u{1B}[2K" + DisplayWidth.truncate(line, to: max(20, width - 1)), to: STDERR_FILENO)
        state.shown = true
    }
}
