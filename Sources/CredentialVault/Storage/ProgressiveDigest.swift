import Crypto
import Dispatch
import Foundation
import Synchronization

/// A SHA-256 of a buffer computed on another thread while the buffer is still being filled:
/// the filler publishes how far it has written, the hasher follows, and ``wait()`` returns the
/// digest once everything is published and hashed.
///
/// The buffer must stay allocated until ``wait()`` (or ``finish()``) has returned.
final class ProgressiveDigest: @unchecked Sendable {
    private let base: UnsafeRawPointer
    private let total: Int
    private let ready = Atomic<Int>(0)
    private let cancelled = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    /// Written by the hashing thread before it signals `done`; read only after waiting on it.
    private let result = Mutex<[UInt8]?>(nil)

    init(_ buffer: UnsafeRawBufferPointer) {
        base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        total = buffer.count
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

    /// The digest of the whole buffer, once all of it has been published.
    func wait() -> [UInt8] {
        done.wait()
        done.signal()
        return result.withLock { $0 } ?? []
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
        var hasher = SHA256()
        var hashed = 0
        while hashed < total {
            if cancelled.load(ordering: .acquiring) { break }
            let available = ready.load(ordering: .acquiring)
            if available > hashed {
                hasher.update(bufferPointer: UnsafeRawBufferPointer(start: base + hashed, count: available - hashed))
                hashed = available
            } else {
                wake.wait()
            }
        }
        let digest = hashed == total ? Array(hasher.finalize()) : nil
        result.withLock { $0 = digest }
        done.signal()
    }
}
