import Foundation
import Synchronization

/// Copies the current vault file's header and sections into the new file on another thread,
/// while the writer encodes and seals what changed.
///
/// Which leading sections the new file keeps is known only once the payload has been encoded,
/// so the copy starts on all of them, to the same offsets, and stops where the writer says the
/// kept bytes end (``keep(upTo:)``); the writer writes its own bytes over whatever the copy took
/// beyond that (after ``join()``). The kept bytes are handed to the kernel's writeback as soon
/// as they are copied: by the time the file is fsynced, most of it is on its way to disk.
final class PrefixCopy: @unchecked Sendable {
    private let reader: SectionReader
    private let fd: Int32
    private let temp: String
    private let kept = Mutex<Int?>(nil)
    private let decided = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let failure = Mutex<(any Error)?>(nil)
    private var joined = false
    /// How much is copied between looks at whether the writer has said where to stop.
    private static let piece = 1 << 20

    /// Starts copying `reader`'s file up to the end of its sections into `fd` (the temp file
    /// named `temp`).
    init(from reader: SectionReader, to fd: Int32, temp: String) {
        self.reader = reader
        self.fd = fd
        self.temp = temp
        let thread = Thread { [self] in run() }
        thread.name = "ztenant-copy"
        thread.start()
    }

    /// Says that the new file's first `length` bytes are the ones copied: once they are, the
    /// kernel may start writing them back. Call at most once, before ``join()``.
    func keep(upTo length: Int) {
        kept.withLock { $0 = length }
        decided.signal()
    }

    /// Waits for the copy; after it, nothing else writes to the file. Throws what the copy met.
    func join() throws {
        if !joined {
            joined = true
            // A writer that never said where to stop (it failed before) needs nothing copied.
            kept.withLock { if $0 == nil { $0 = 0 } }
            decided.signal()
            done.wait()
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func run() {
        // A piece at a time, stopping where the writer said the kept bytes end once it has: a
        // write that keeps little (it changed a section near the start) does not wait for the
        // rest to be copied.
        var copied = 0
        do {
            while true {
                let end = kept.withLock { $0 } ?? reader.sectionsEnd
                guard copied < end else { break }
                let count = min(Self.piece, end - copied)
                try reader.copyFile(at: copied, count: count, to: fd, path: temp)
                copied += count
            }
        } catch {
            failure.withLock { $0 = error }
        }
        decided.wait()
        if failure.withLock({ $0 }) == nil, let length = kept.withLock({ $0 }), length > 0 {
            AtomicFile.startWriteback(fd, range: 0..<length)
        }
        done.signal()
    }
}
