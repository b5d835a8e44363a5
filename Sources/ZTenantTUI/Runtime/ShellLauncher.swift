import CredentialVault
import Foundation
import ZTenantCore

#if canImport(Glibc)
import Glibc
#endif

/// Runs the user's shell for `!`, as `ztenant shell NAME` would, and waits for it: the session's
/// variables set, none of ztenant's passphrase variables, no descriptor above 2, every signal
/// at its default, the user's own core-file limit (set on the child with prlimit(2); ztenant's
/// own stays 0).
enum ShellLauncher {
    /// Runs `program` with `environment`; returns its exit status (or 128 + signal), or -1 with
    /// `errno` set when it could not start.
    static func run(_ program: String, environment: [String: String]) -> Int32 {
        ProcessHardening.markDescriptorsCloseOnExec()
        // Ctrl-C and Ctrl-\ in the shell reach the whole foreground group, ztenant too: ignore
        // them while the shell runs, as system(3) does.
        let previousInterrupt = signal(SIGINT, SIG_IGN)
        let previousQuit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, previousInterrupt)
            signal(SIGQUIT, previousQuit)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup(program), nil]
        let variables: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in arguments { free(pointer) }
            for pointer in variables {
                // This copy of the session is wiped before it is freed (the Swift strings it
                // came from are not: Swift gives no way to).
                if let pointer { memset(pointer, 0, strlen(pointer)) }
                free(pointer)
            }
        }
        var pid: pid_t = 0
        let started = posix_spawnp(&pid, program, nil, &attributes, arguments, variables)
        guard started == 0 else {
            errno = started
            return -1
        }
        // The user's own core-file limit for the shell, set on the child only: ztenant's stays 0.
        ProcessHardening.giveOriginalCoreLimit(to: pid)
        var status: Int32 = 0
        var waited: pid_t
        repeat { waited = waitpid(pid, &status, 0) } while waited < 0 && errno == EINTR
        guard waited == pid else { return -1 }
        if status & 0x7F == 0 { return (status >> 8) & 0xFF }
        return 128 + (status & 0x7F)
    }
}
