import CProcessControl

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Restores a terminal's settings when a signal ends the process while a secret prompt has
/// echo off. The handler is C (`ztenant_terminal_guard_arm`) so that it makes only
/// async-signal-safe calls; a signal that was ignored stays ignored.
public enum TerminalGuard {
    /// Until ``disarm()``, SIGINT, SIGTERM, SIGHUP and SIGQUIT restore `settings` on `fd`
    /// first, then end the process as they would have.
    public static func arm(fd: Int32, settings: termios) {
        var saved = settings
        ztenant_terminal_guard_arm(fd, &saved)
    }

    /// Puts the previous handlers back.
    public static func disarm() {
        ztenant_terminal_guard_disarm()
    }
}
