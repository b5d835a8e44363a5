import Foundation
import Synchronization
import ZTenantCore

#if canImport(Glibc)
import Glibc
#endif

/// The live line at the bottom of a `check` on a terminal: how many are done, what is being
/// sent, which host is pacing and when its next login goes, which profiles wait out a 429.
/// Redrawn in place on standard error and erased at the end; never written to a pipe or file.
///
/// Two locks: `state` is held only to update or read counters, never across a write, so a
/// fleet task reporting progress never waits for a slow terminal; `output` orders the writes
/// (erase, result line, redraw) and is only tried, not waited for, by progress redraws.
final class CheckStatusLine: Sendable {
    private struct State {
        var total: Int
        var done = 0
        var sending: Set<String> = []
        var pacing: [String: (host: String, until: ContinuousClock.Instant)] = [:]
        var waiting: [String: ContinuousClock.Instant] = [:]
        var rate: String
        var finished = false
    }

    private let state: Mutex<State>
    /// Whether the line is on screen now; guarded by, and only touched under, this lock.
    private let output = Mutex(false)
    /// Whether the line is drawn at all (standard error is a terminal, TERM is not dumb).
    let active: Bool

    /// A status line for `total` profiles; inactive unless standard error is a terminal.
    init(total: Int, rate: FleetRate?, environment: [String: String]) {
        state = Mutex(State(total: total, rate: rate?.description ?? "unlimited"))
        active = isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
    }

    /// Takes a progress report from the fleet check and redraws if no one else is writing.
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
        }
        _ = output.withLockIfAvailable { shown in draw(&shown) }
    }

    /// Writes a result line (or any text) above the status line: erase, write, redraw. Returns
    /// false when the write failed (a closed pipe).
    func printAbove(_ text: String, to descriptor: Int32, finished profile: String? = nil) -> Bool {
        if let profile {
            state.withLock { state in
                state.done += 1
                state.sending.remove(profile)
                state.pacing[profile] = nil
                state.waiting[profile] = nil
            }
        }
        guard active else { return StandardStream.write(text, to: descriptor) }
        return output.withLock { shown in
            erase(&shown)
            let written = StandardStream.write(text, to: descriptor)
            draw(&shown)
            return written
        }
    }

    /// Redraws (for the countdowns); call about once a second.
    func tick() {
        guard active else { return }
        _ = output.withLockIfAvailable { shown in draw(&shown) }
    }

    /// Erases the line for good.
    func finish() {
        guard active else { return }
        state.withLock { $0.finished = true }
        output.withLock { shown in erase(&shown) }
    }

    private func erase(_ shown: inout Bool) {
        if shown { _ = StandardStream.write("\r\u{1B}[2K", to: STDERR_FILENO) }
        shown = false
    }

    private func draw(_ shown: inout Bool) {
        let now = ContinuousClock.now
        func seconds(_ until: ContinuousClock.Instant) -> Int {
            let left = until - now
            return max(0, Int((Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18).rounded(.up)))
        }
        let line: String? = state.withLock { state in
            guard !state.finished else { return nil }
            return FleetStatusText.line(done: state.done, total: state.total, sending: state.sending.count,
                pacing: state.pacing.values.map { ($0.host, seconds($0.until)) }, rate: state.rate,
                waiting: state.waiting.map { ($0.key, seconds($0.value)) })
        }
        guard let line else { return }
        // Measured at each draw: a narrowed terminal would wrap a longer line, and `\r` plus
        // erase-line only clears the last row of a wrapped one.
        let width = TerminalWidth.current(of: STDERR_FILENO)
        _ = StandardStream.write("\r\u{1B}[2K" + DisplayWidth.truncate(line, to: max(20, width - 1)), to: STDERR_FILENO)
        shown = true
    }
}
