import Dispatch
import Foundation
import Synchronization
import ZTenantCore
import ZuoraAPI

#if canImport(Glibc)
import Glibc
#endif

/// Runs a ``TUIApplication`` on a real terminal: checks there is one, routes SIGTERM and
/// SIGHUP into the loop (so the terminal is restored), and runs the loop on its own thread
/// so effects keep the cooperative pool.
public enum TerminalSession {
    /// Why the TUI cannot start.
    public struct NotATerminal: Error, CustomStringConvertible {
        public var description: String {
            "the TUI needs a terminal on standard input and output; use the CLI commands (ztenant list, check, …) in scripts."
        }
    }

    /// Why the TUI cannot draw on this terminal type.
    public struct UnusableTerminal: Error, CustomStringConvertible {
        /// `$TERM`, if set.
        public var type: String?
        /// What terminfo said.
        public var kind: NcursesScreen.TerminalKind

        public var description: String {
            let which = type.map { "TERM=\(TextSanitizer.sanitize($0, limit: 40))" } ?? "TERM is not set, so this terminal"
            let why = switch kind {
            case .lineOnly: "it cannot move the cursor"
            default: type == nil || type?.isEmpty == true ? "its capabilities are unknown" : "terminfo does not know this terminal type"
            }
            return "\(which) cannot run the full-screen interface: \(why). Use the command line instead (ztenant list, ztenant check --all, ztenant show NAME), or set TERM to your terminal's type (e.g. xterm-256color)."
        }
    }

    /// Runs the app until it quits; returns its exit status.
    public static func run(_ app: TUIApplication, queue: EventQueue, color: Bool) async throws -> Int32 {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw NotATerminal() }
        let type = ProcessInfo.processInfo.environment["TERM"]
        let kind = NcursesScreen.kind(of: type)
        guard kind == .full || kind == .noAlternateScreen else { throw UnusableTerminal(type: type, kind: kind) }
        let signals = SignalRelay(queue: queue, signals: [SIGTERM, SIGHUP])
        defer { withExtendedLifetime(signals) {} }
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                let screen = NcursesScreen(color: color, clearOnExit: kind == .noAlternateScreen)
                let status = app.run(on: screen)
                screen.restore()
                continuation.resume(returning: status)
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

/// Turns signals into ``Event/terminate(signal:)`` events.
final class SignalRelay: Sendable {
    private let sources = Mutex<[SignalSourceBox]>([])

    init(queue: EventQueue, signals: [Int32]) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { queue.post(.terminate(signal: number)) }
            source.resume()
            let box = SignalSourceBox(source: source)
            sources.withLock { $0.append(box) }
        }
    }
}

/// Dispatch sources are thread-safe but not marked `Sendable`.
struct SignalSourceBox: @unchecked Sendable {
    let source: any DispatchSourceSignal
}
