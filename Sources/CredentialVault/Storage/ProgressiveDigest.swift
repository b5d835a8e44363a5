import Dispatch
import Foundation
import Synchronization

/// A SHA-256 of a buffer computed on another thread while the buffer is still being filled:
/// the filler publishes how far it has written, the hasher follows, and ``wait()`` returns the
/// hash once everything is published and hashed, with the chaining states it passed at the
/// marks it was given (the sections' ends, for the next write to resume from).
///
/// The buffer must stay allocated until ``wait()`` (or ``finish()``) has returned.
final class ProgressiveDigest: @unchecked Sendable {
    /// The hash over the whole buffer and the chaining state at each mark, in mark order.
    struct Outcome {
        var hasher: ChainedSHA256
        var states: [[UInt8]]
    }

    private let base: UnsafeRawPointer
    private let total: Int
    private let start: ChainedSHA256
    private let marks: [Int]
    private let ready = Atomic<Int>(0)
    private let cancelled = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    /// Written by the hashing thread before it signals `done`; read only after waiting on it.
    private let result = Mutex<Outcome?>(nil)

    /// Hashes `buffer` after what `hasher` holds (the buffer's first byte is byte
    /// `hasher.count` of the message), taking the chaining state at each of `marks`: message
    /// offsets, multiples of the block length, ascending, within the buffer's span.
    init(_ buffer: UnsafeRawBufferPointer, continuing hasher: ChainedSHA256 = ChainedSHA256(), marks: [Int] = []) {
        precondition(marks.allSatisfy { $0 % ChainedSHA256.blockLength == 0 && $0 >= hasher.count && $0 <= hasher.count + buffer.count }
            && zip(marks, marks.dropFirst()).allSatisfy { $0 <= $1 }, "marks are block boundaries inside the buffer, in order")
        base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        total = buffer.count
        start = hasher
        self.marks = marks
        // A thread of its own: the writer blocks while holding the vault's lock, and a shared
        // pool could leave this work queued behind other blocked tasks.
        let thread = Thread { [self] in hash() }
        thread.name = "ztenant-digest"
        thread.start()
    }

    /// Says the first `count` bytes are written and may be hashed.
    func publish(_ count: Int) {
        ready.store(count, ordering: .releasing)
        wake.signal()
    }

    /// The hash of the whole buffer and the states at the marks, once all of it has been
    /// published; nil when hashing was cancelled.
    func wait() -> Outcome? {
        done.wait()
        done.signal()
        return result.withLock { $0 }
    }

    /// Stops hashing a buffer that will not be completed, and waits until the hashing thread
    /// no longer reads it.
    func finish() {
        if ready.load(ordering: .acquiring) < total {
            cancelled.store(true, ordering: .releasing)
            wake.signal()
        }
        _ = wait()
    }

    private func hash() {
        var hasher = start
        var states: [[UInt8]] = []
        states.reserveCapacity(marks.count)
        var nextMark = 0
        let origin = start.count
        var hashed = 0
        func takeStates() {
            while nextMark < marks.count, marks[nextMark] == origin + hashed, let state = hasher.chainState {
                states.append(state)
                nextMark += 1
            }
        }
        takeStates()
        while hashed < total {
            if cancelled.load(ordering: .acquiring) { break }
            let available = ready.load(ordering: .acquiring)
            if available > hashed {
                // Up to the next mark at most, so the state there can be taken.
                let end = nextMark < marks.count ? min(available, marks[nextMark] - origin) : available
                hasher.update(UnsafeRawBufferPointer(start: base + hashed, count: end - hashed))
                hashed = end
                takeStates()
            } else {
                wake.wait()
            }
        }
        let outcome = hashed == total && nextMark == marks.count ? Outcome(hasher: hasher, states: states) : nil
        result.withLock { $0 = outcome }
        done.signal()
    }
}
