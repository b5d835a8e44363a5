import CredentialVault
import Foundation
import ZTenantCore

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
    static func prepare() {
        for name in ProcessInfo.processInfo.environment.keys where SessionVariables.isWithheld(name) {
            unsetenv(name)
        }
        // Flushed while SIGPIPE is still ignored: a closed pipe must not kill us here.
        fflush(nil)
        ProcessHardening.markDescriptorsCloseOnExec()
        ProcessHardening.resetSignalsForExec()
        ProcessHardening.restoreForExec()
    }
}
