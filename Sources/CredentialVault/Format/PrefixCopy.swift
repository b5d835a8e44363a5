import Foundation
import Synchronization

/// Copies the current vault file's header and sections into the new file on another thread,
/// while the writer encodes and seals what changed.
///
/// Which leading sections the new file keeps is known only once the payload has been encoded,
/// so the copy takes all of them, to the same offsets; the writer then writes its own bytes
/// over whatever follows the kept ones (after ``join()``), and tells the copy where the kept
/// bytes end so the kernel starts writing them back early (``keep(upTo:)``): by the time the
/// file is fsynced, most of it is on its way to disk.
final class PrefixCopy: @unchecked Sendable {
    private let reader: SectionReader
    private let fd: Int32
    private let temp: String
    private let kept = Mutex<Int?>(nil)
    private let decided = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let failure = Mutex<(any Error)?>(nil)
    private var joined = false

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
            decided.signal()
            done.wait()
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func run() {
        do {
            try reader.copyPrefix(reader.sectionsEnd, to: fd, path: temp)
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
