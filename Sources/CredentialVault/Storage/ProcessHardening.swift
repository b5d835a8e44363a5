import CProcessControl
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps decrypted secrets out of core dumps and away from debuggers of other users.
///
/// Applied before any secret exists in the process: before a passphrase is read (the
/// passphrase sources call it) and before a key is derived (the vault calls it again).
public enum ProcessHardening {
    /// Sets the core-file size (soft) limit to zero and marks the process non-dumpable (which also
    /// stops same-user processes without CAP_SYS_PTRACE from attaching). Idempotent.
    ///
    /// - Throws: ``VaultError/hardeningFailed(_:)`` when either call fails, so no secret is
    ///   handled in a process that could dump it.
    public static func apply() throws {
        if originalCoreLimit.withLock({ $0 }) == nil {
            var current = rlimit()
            if getrlimit(Int32(RLIMIT_CORE.rawValue), &current) == 0 {
                originalCoreLimit.withLock { $0 = current }
            }
        }
        // Only the soft limit: lowering the hard limit could not be undone for a program `exec` starts.
        var none = rlimit()
        guard getrlimit(Int32(RLIMIT_CORE.rawValue), &none) == 0 else {
            throw VaultError.hardeningFailed("getrlimit(RLIMIT_CORE): \(POSIX.errorMessage())")
        }
        none.rlim_cur = 0
        guard setrlimit(Int32(RLIMIT_CORE.rawValue), &none) == 0 else {
            throw VaultError.hardeningFailed("setrlimit(RLIMIT_CORE, 0): \(POSIX.errorMessage())")
        }
        #if os(Linux)
        guard ztenant_set_nondumpable() == 0 else {
            throw VaultError.hardeningFailed("prctl(PR_SET_DUMPABLE, 0): \(POSIX.errorMessage())")
        }
        #endif
    }

    /// Gives a program about to replace this process (`exec`) the core-file limit the user had,
    /// so ztenant's hardening does not leak into it. (Dumpability is reset by execve itself.)
    public static func restoreForExec() {
        guard var original = originalCoreLimit.withLock({ $0 }) else { return }
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &original)
    }

    /// Gives a child process the core-file limit the user had (prlimit(2)), leaving this
    /// process's at zero: for a program started with `posix_spawn`, which cannot set limits.
    public static func giveOriginalCoreLimit(to pid: pid_t) {
        #if os(Linux)
        guard let original = originalCoreLimit.withLock({ $0 }) else { return }
        _ = ztenant_set_core_limit_of(pid, UInt64(original.rlim_cur), UInt64(original.rlim_max))
        #endif
    }

    /// Every signal back to its default disposition and an empty signal mask, for a program
    /// about to replace this process: ignored signals and the mask survive `execve`.
    public static func resetSignalsForExec() {
        ztenant_reset_signals_for_exec()
    }

    private static let originalCoreLimit = Mutex<rlimit?>(nil)

    /// Whether the process is currently non-dumpable (Linux), for `doctor` and tests.
    public static var isNonDumpable: Bool {
        ztenant_is_nondumpable() == 1
    }

    /// The current soft core-file limit, for tests.
    public static var coreLimit: UInt64 {
        var current = rlimit()
        _ = getrlimit(Int32(RLIMIT_CORE.rawValue), &current)
        return UInt64(current.rlim_cur)
    }

    /// Marks every descriptor above 2 close-on-exec (SwiftNIO's epoll and eventfd descriptors,
    /// a `--passphrase-fd`, the vault's lock), so a command ztenant starts inherits none.
    public static func markDescriptorsCloseOnExec() {
        #if os(Linux)
        let folder = "/proc/self/fd"
        #else
        let folder = "/dev/fd"
        #endif
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.compactMap { Int32($0) }
        // Without a listing, every possible descriptor number.
        let descriptors = listed ?? Array(3..<Int32(min(sysconf(Int32(_SC_OPEN_MAX)), 65536)))
        for fd in descriptors where fd > 2 {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
}
