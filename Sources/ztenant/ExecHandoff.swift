import CredentialVault
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes the process fit to become the user's command: nothing of ztenant's may cross
/// `execve` but the session variables.
///
/// - every `ZTENANT_*` variable that names or holds a passphrase is removed (and the
///   failpoint switch), so the command cannot open the vault;
/// - every descriptor above 2 is marked close-on-exec (SwiftNIO's epoll and eventfd
///   descriptors, a `--passphrase-fd`), so none leaks, while an `execvp` that fails can
///   still report it;
/// - every signal goes back to its default disposition and the signal mask is emptied:
///   ignored signals survive `execve`, and SwiftNIO ignores SIGPIPE, the TUI SIGTERM and
///   SIGHUP;
/// - the core-file limit the user had is restored (dumpability resets on `execve`).
enum ExecHandoff {
    /// Variables removed from the command's environment.
    static func isRemoved(_ name: String) -> Bool {
        name.hasPrefix("ZTENANT_") && (name.contains("PASSPHRASE") || name == "ZTENANT_FAILPOINT")
    }

    static func prepare() {
        for name in ProcessInfo.processInfo.environment.keys where isRemoved(name) {
            unsetenv(name)
        }
        // Flushed while SIGPIPE is still ignored: a closed pipe must not kill us here.
        fflush(nil)
        markDescriptorsCloseOnExec()
        ProcessHardening.resetSignalsForExec()
        ProcessHardening.restoreForExec()
    }

    private static func markDescriptorsCloseOnExec() {
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
