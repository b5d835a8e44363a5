import Dispatch
import Foundation
import Synchronization

/// Turns the first of some signals into an awaited value, so a foreground command can
/// shut down cleanly instead of dying mid-write.
final class SignalWaiter: Sendable {
    private let signals: [Int32]
    /// Signal sources are cancelled when deallocated, so they live as long as the waiter.
    private let sources = Mutex<[SourceBox]>([])
    private let resumed = Mutex(false)

    init(signals: [Int32]) {
        self.signals = signals
    }

    /// Waits for the first of the signals and returns its number.
    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let queue = DispatchQueue(label: "ztenant.signals")
            for number in signals {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { [self] in
                    let first = resumed.withLock { done in
                        defer { done = true }
                        return !done
                    }
                    if first { continuation.resume(returning: number) }
                }
                source.resume()
                let box = SourceBox(source: source)
                sources.withLock { $0.append(box) }
            }
        }
    }
}

/// Dispatch sources are thread-safe objects that Swift does not mark `Sendable`.
private struct SourceBox: @unchecked Sendable {
    let source: any DispatchSourceSignal
}
