#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls the vault needs, turning failures into ``VaultError``.
enum POSIX {
    static func errorMessage(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    static func fail(_ path: String, _ operation: String, _ code: Int32 = errno) -> VaultError {
        .io(path: path, operation: operation, message: errorMessage(code))
    }

    /// Reads a whole file.
    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw VaultError.missing(path: path) }
            throw fail(path, "open")
        }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw fail(path, "read")
            }
            if count == 0 { break }
            result += chunk[0..<count]
        }
        return result
    }

    /// Writes all bytes of a buffer to a descriptor at `offset` (its position does not move).
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int, path: String) throws {
        var done = 0
        while done < bytes.count {
            let written = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if written <= 0 {
                if written < 0 && errno == EINTR { continue }
                throw fail(path, "write", written == 0 ? EIO : errno)
            }
            done += written
        }
    }

    /// The names in a folder (without "." and ".."), or nil when it cannot be listed: with
    /// readdir, which every save pays for (FileManager's listing cost a millisecond here).
    static func names(in folder: String) -> [String]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The permission bits of a path, or nil if it does not exist.
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    /// The owner of a path (following links), or nil when it does not exist.
    static func owner(_ path: String) -> uid_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_uid
    }

    /// The path with every symbolic link resolved, or nil.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// fsyncs a folder so a rename in it is durable.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw fail(path, "open folder") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw fail(path, "fsync folder") }
    }

    /// Creates a folder and its parents; new folders get `mode` from the start.
    static func makeDirectories(_ path: String, mode: mode_t) throws {
        if exists(path) { return }
        let parent = directory(of: path)
        if parent != path { try makeDirectories(parent, mode: 0o700) }
        if mkdir(path, mode) != 0 && errno != EEXIST {
            throw fail(path, "create folder")
        }
    }

    static func octal(_ mode: mode_t) -> String {
        "0" + String(mode, radix: 8)
    }
}
