import CProcessControl

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps decrypted secrets out of core dumps and away from debuggers of other users.
public enum ProcessHardening {
    /// Sets the core-file size limit to zero and marks the process non-dumpable (which also
    /// stops same-user processes without CAP_SYS_PTRACE from attaching). Idempotent.
    public static func apply() {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &none)
        _ = ztenant_set_nondumpable()
    }

    /// Whether the process is currently non-dumpable (Linux), for `doctor` and tests.
    public static var isNonDumpable: Bool {
        ztenant_is_nondumpable() == 1
    }
}
