import CProcessControl
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file so that a crash at any instant leaves either the old or the new
/// contents, and keeps the previous generation as `<file>.bak`.
enum AtomicFile {
    /// Writes `bytes` to `path` (mode 0600) atomically.
    ///
    /// 1. write a temp file in the same folder (created 0600, never wider), fsync it;
    /// 2. hard-link the current file to a temp name and rename that over `<path>.bak`;
    /// 3. rename the temp file over `path`; fsync the folder.
    static func write(_ bytes: [UInt8], to path: String, keepBackup: Bool = true) throws {
        try replace(path, keepBackup: keepBackup) { fd, temp in
            try bytes.withUnsafeBytes { try writeInHalves(fd, $0, at: 0, temp: temp) }
        }
    }

    /// Writes what `contents` writes to the temp file it is given (descriptor and name),
    /// atomically as ``write(_:to:keepBackup:)`` does: fsynced, the backup linked only after
    /// that (so a failure, a full disk, leaves the previous backup too), then renamed.
    static func write(to path: String, keepBackup: Bool, contents: (Int32, String) throws -> Void) throws {
        try replace(path, keepBackup: keepBackup, contents: contents)
    }

    /// Writes `buffer` at `offset` in two calls, with the crash tests' failpoint between them.
    static func writeInHalves(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, at offset: Int, temp: String) throws {
        let half = buffer.count / 2
        try POSIX.writeAll(fd, UnsafeRawBufferPointer(rebasing: buffer[0..<half]), at: offset, path: temp)
        Failpoint.hit(.tempHalfWritten)
        try POSIX.writeAll(fd, UnsafeRawBufferPointer(rebasing: buffer[half...]), at: offset + half, path: temp)
    }

    /// Starts writing a range of a file's dirty pages back without waiting (fsync still waits
    /// for them), so the disk works while the writer finishes.
    static func startWriteback(_ fd: Int32, range: Range<Int>) {
        // An empty range would mean "to the end of the file" to sync_file_range.
        guard !range.isEmpty else { return }
        _ = ztenant_start_writeback(fd, Int64(range.lowerBound), Int64(range.count))
    }

    /// The temp file, its contents, then the backup and the rename.
    private static func replace(_ path: String, keepBackup: Bool, contents: (Int32, String) throws -> Void) throws {
        let folder = POSIX.directory(of: path)
        let name = String(path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...])
        let temp = "\(folder)/.\(name).tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIX.fail(temp, "create") }
        var cleanup = true
        defer { if cleanup { unlink(temp) } }
        var backupKept = !keepBackup
        func keepBackupNow() throws {
            guard !backupKept else { return }
            backupKept = true
            guard POSIX.exists(path) else { return }
            let backupTemp = "\(folder)/.\(name).bak.tmp.\(getpid())"
            unlink(backupTemp)
            guard link(path, backupTemp) == 0 else { throw POSIX.fail(path, "link backup of") }
            Failpoint.hit(.backupLinked)
            guard rename(backupTemp, path + ".bak") == 0 else {
                unlink(backupTemp)
                throw POSIX.fail(path + ".bak", "rename")
            }
            // rename(2) does nothing when both names already link the same file (a crash right
            // after this step leaves the backup and the vault identical), so drop the temp name.
            unlink(backupTemp)
            Failpoint.hit(.backupRenamed)
        }
        do {
            defer { close(fd) }
            Failpoint.hit(.tempCreated)
            try contents(fd, temp)
            Failpoint.hit(.tempWritten)
            guard fsync(fd) == 0 else { throw POSIX.fail(temp, "fsync") }
            Failpoint.hit(.tempSynced)
        }
        try keepBackupNow()
        guard rename(temp, path) == 0 else { throw POSIX.fail(path, "rename over") }
        cleanup = false
        Failpoint.hit(.renamed)
        try POSIX.syncDirectory(folder)
        Failpoint.hit(.directorySynced)
    }

    /// Creates a new file at `path` with `bytes` (mode 0600), failing with
    /// ``VaultError/fileExists(path:)`` if anything exists there, even if it appeared a
    /// moment ago: the file is written under a temp name and `link(2)`ed into place, which
    /// never replaces an existing name (unlike a check followed by `rename`).
    static func create(_ bytes: [UInt8], at path: String) throws {
        let folder = POSIX.directory(of: path)
        let name = String(path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...])
        let temp = "\(folder)/.\(name).tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIX.fail(temp, "create") }
        defer { unlink(temp) }
        do {
            defer { close(fd) }
            try bytes.withUnsafeBytes { try POSIX.writeAll(fd, $0, at: 0, path: temp) }
            guard fsync(fd) == 0 else { throw POSIX.fail(temp, "fsync") }
        }
        guard link(temp, path) == 0 else {
            if errno == EEXIST { throw VaultError.fileExists(path: path) }
            throw POSIX.fail(path, "create")
        }
        try POSIX.syncDirectory(folder)
    }

    /// Removes temp files a crashed writer left behind. Call only while holding the lock.
    static func removeStaleTemporaries(besides path: String) {
        let folder = POSIX.directory(of: path)
        let name = String(path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...])
        guard let entries = POSIX.names(in: folder) else { return }
        for entry in entries where entry.hasPrefix(".\(name).tmp.") || entry.hasPrefix(".\(name).bak.tmp.") {
            unlink("\(folder)/\(entry)")
        }
    }
}
