import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Named points in the save sequence where a crash test can make the process kill itself
/// with SIGKILL, to prove that a crash at that instant loses nothing.
///
/// Enabled only by the environment variable `ZTENANT_FAILPOINT=<name>`; read once.
enum Failpoint: String, CaseIterable {
    case tempCreated = "temp-created"
    case tempHalfWritten = "temp-half-written"
    case tempWritten = "temp-written"
    case tempSynced = "temp-synced"
    case backupLinked = "backup-linked"
    case backupRenamed = "backup-renamed"
    case renamed = "renamed"
    case directorySynced = "directory-synced"

    private static let armed: Failpoint? = ProcessInfo.processInfo.environment["ZTENANT_FAILPOINT"].flatMap(Failpoint.init)

    /// Dies here if this failpoint is armed.
    static func hit(_ point: Failpoint) {
        if armed == point { kill(getpid(), SIGKILL) }
    }
}
