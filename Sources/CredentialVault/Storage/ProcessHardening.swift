import CProcessControl
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps decrypted secrets out of core dumps and away from debuggers of other users.
public enum ProcessHardening {
    /// Sets the core-file size (soft) limit to zero and marks the process non-dumpable (which also
    /// stops same-user processes without CAP_SYS_PTRACE from attaching). Idempotent.
    public static func apply() {
        if originalCoreLimit.withLock({ $0 }) == nil {
            var current = rlimit()
            if getrlimit(Int32(RLIMIT_CORE.rawValue), &current) == 0 {
                originalCoreLimit.withLock { $0 = current }
            }
        }
        // Only the soft limit: lowering the hard limit could not be undone for a program `exec` starts.
        var none = rlimit()
        _ = getrlimit(Int32(RLIMIT_CORE.rawValue), &none)
        none.rlim_cur = 0
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &none)
        _ = ztenant_set_nondumpable()
    }

    /// Gives a program about to replace this process (`exec`) the core-file limit the user had,
    /// so ztenant's hardening does not leak into it. (Dumpability is reset by execve itself.)
    public static func restoreForExec() {
        guard var original = originalCoreLimit.withLock({ $0 }) else { return }
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &original)
    }

    private static let originalCoreLimit = Mutex<rlimit?>(nil)

    /// Whether the process is currently non-dumpable (Linux), for `doctor` and tests.
    public static var isNonDumpable: Bool {
        ztenant_is_nondumpable() == 1
    }
}
