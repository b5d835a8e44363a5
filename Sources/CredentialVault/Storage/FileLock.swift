import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory exclusive lock on a lock file beside the vault (`vault.ztv.lock`), held around
/// every read-modify-write so two ztenant processes never interleave their saves.
enum FileLock {
    /// How long to wait for another process to release the lock.
    static let timeout: Duration = .seconds(10)

    /// Runs `body` while holding the lock on `path`.
    static func withExclusiveLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIX.fail(path, "open lock file") }
        defer { close(fd) }
        let deadline = ContinuousClock.now + timeout
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw POSIX.fail(path, "lock") }
            guard ContinuousClock.now < deadline else { throw VaultError.lockTimeout(path: path) }
            // Holders keep the lock for milliseconds; poll briefly rather than block forever.
            usleep(2_000)
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
