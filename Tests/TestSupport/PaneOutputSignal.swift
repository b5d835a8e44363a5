import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Tells a waiting test that a tmux pane received output, so it captures the screen again only
/// when something may have changed instead of running `capture-pane` back to back.
///
/// tmux's `pipe-pane` copies everything the pane's program writes into a FIFO this object
/// holds open for reading; a wait is `poll(2)` on it.
final class PaneOutputSignal: @unchecked Sendable {
    /// The FIFO that `pipe-pane` writes to.
    let path: String
    private let descriptor: Int32

    init() throws {
        path = NSTemporaryDirectory() + "/ztenant-pane-\(UUID().uuidString.prefix(12)).fifo"
        guard mkfifo(path, 0o600) == 0 else { throw SocketSetupError(step: "mkfifo \(path)") }
        // Opened for reading first and without blocking, so the writer's open never waits.
        descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            unlink(path)
            throw SocketSetupError(step: "open \(path)")
        }
    }

    /// The shell command for `tmux pipe-pane`.
    var pipeCommand: String { "exec cat > '\(path)'" }

    /// Discards the notifications that arrived so far.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while read(descriptor, &buffer, buffer.count) > 0 {}
    }

    /// Returns when the pane has written something since the last `drain()`, or after `limit`.
    func wait(atMost limit: Duration) {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: limit.components.seconds * 1000 + limit.components.attoseconds / 1_000_000_000_000_000)
        let ready = poll(&request, 1, max(milliseconds, 1))
        // No writer (the pane's pipe is not open yet, or closed): poll reports a hang-up at once
        // and would never block, so wait out the limit instead of spinning.
        if ready > 0 && request.revents & Int16(POLLIN) == 0 {
            var nothing = pollfd(fd: -1, events: 0, revents: 0)
            _ = poll(&nothing, 1, max(milliseconds, 1))
        }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }
}
