#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the agent's socket is still its own: the same file it bound, not removed (a login
/// session's runtime folder cleaned away) and not replaced (another agent listening there after
/// the folder was made again). An agent nobody can reach could never be told to lock or stop,
/// so it stops by itself, as gpg-agent does.
///
/// On Linux an inotify watch on the folder wakes the agent's `poll` when anything in it is
/// removed, moved or made; without one (elsewhere, or no inotify instance left) the agent looks
/// at least every 30 s.
struct SocketWatch {
    private let path: String
    private let device: UInt64
    private let inode: UInt64
    /// The inotify descriptor to poll, or -1.
    let descriptor: Int32

    /// Remembers the socket at `path` as it is now; nil when it cannot be read.
    init?(socket path: String, folder: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        self.path = path
        device = Self.number(status.st_dev)
        inode = Self.number(status.st_ino)
        #if os(Linux)
        let watch = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        let events = UInt32(IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF)
        if watch >= 0 && inotify_add_watch(watch, folder, events) < 0 {
            closeDescriptor(watch)
            descriptor = -1
        } else {
            descriptor = watch
        }
        #else
        descriptor = -1
        #endif
    }

    /// What the socket path names now.
    enum State {
        /// The file the agent bound.
        case ours
        /// Nothing (removed, or its folder removed or renamed).
        case gone
        /// Another file: someone else's socket now.
        case replaced
        /// It could not be told (an error other than "no such file"): looked at again on the
        /// next wake.
        case unknown
    }

    /// What the socket path names now.
    var state: State {
        var status = stat()
        guard lstat(path, &status) == 0 else { return errno == ENOENT || errno == ENOTDIR ? .gone : .unknown }
        return Self.number(status.st_dev) == device && Self.number(status.st_ino) == inode ? .ours : .replaced
    }

    private static func number<T: BinaryInteger>(_ value: T) -> UInt64 {
        UInt64(truncatingIfNeeded: value)
    }

    /// Reads the pending notifications, so the next `poll` waits for new ones.
    func drain() {
        guard descriptor >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while read(descriptor, &buffer, buffer.count) > 0 {}
    }

    /// Stops watching.
    func close() {
        if descriptor >= 0 { closeDescriptor(descriptor) }
    }
}

private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
