import Dispatch
import Foundation
import Synchronization

/// Turns the first of some signals into an awaited value, so a foreground command can
/// shut down cleanly instead of dying mid-write.
final class SignalWaiter: Sendable {
    private let signals: [Int32]
    /// Signal sources are cancelled when deallocated, so they live as long as the waiter.
    private let sources = Mutex<[SourceBox]>([])
    /// The waiting continuation until it is resumed (by a signal or by cancellation).
    private let waiting = Mutex<CheckedContinuation<Int32?, Never>?>(nil)

    init(signals: [Int32]) {
        self.signals = signals
    }

    /// Waits for the first of the signals and returns its number.
    func wait() async -> Int32 {
        await waitUnlessCancelled() ?? 0
    }

    /// Waits for the first of the signals; nil when the waiting task is cancelled first.
    func waitUnlessCancelled() async -> Int32? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiting.withLock { $0 = continuation }
                if Task.isCancelled { resume(with: nil) }
                let queue = DispatchQueue(label: "ztenant.signals")
                for number in signals {
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                    source.setEventHandler { [self] in resume(with: number) }
                    source.resume()
                    let box = SourceBox(source: source)
                    sources.withLock { $0.append(box) }
                }
            }
        } onCancel: {
            resume(with: nil)
        }
    }

    /// Resumes the waiter once: whoever takes the continuation first (a signal, or the
    /// cancellation, even one that came before the continuation was stored) resumes it.
    private func resume(with number: Int32?) {
        guard let continuation = waiting.withLock({ $0.take() }) else { return }
        continuation.resume(returning: number)
    }
}

/// Dispatch sources are thread-safe objects that Swift does not mark `Sendable`.
private struct SourceBox: @unchecked Sendable {
    let source: any DispatchSourceSignal
}
