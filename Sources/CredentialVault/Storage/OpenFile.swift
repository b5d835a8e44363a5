import CProcessControl
import Foundation

/// A file held open for reading at offsets; closed when the last reference goes.
final class OpenFile: Sendable {
    let path: String
    let size: Int
    private let descriptor: Int32

    /// Opens `path` for reading.
    ///
    /// - Throws: ``VaultError/missing(path:)`` when there is nothing there.
    init(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw VaultError.missing(path: path) }
            throw POSIX.fail(path, "open")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = POSIX.fail(path, "stat")
            close(fd)
            throw error
        }
        self.path = path
        self.descriptor = fd
        self.size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Reads exactly `count` bytes at `offset` into `destination`.
    ///
    /// - Throws: when the file ends first, or a read fails.
    func read(at offset: Int, count: Int, into destination: UnsafeMutableRawPointer) throws {
        var done = 0
        while done < count {
            let got = pread(descriptor, destination + done, count - done, off_t(offset + done))
            if got < 0 && errno == EINTR { continue }
            if got < 0 { throw POSIX.fail(path, "read") }
            if got == 0 { throw VaultError.corrupted(path: path, reason: "truncated", backup: nil) }
            done += got
        }
    }

    /// `count` bytes at `offset`, or fewer where the file ends.
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        let wanted = max(0, min(count, size - offset))
        var bytes = [UInt8](repeating: 0, count: wanted)
        var done = 0
        while done < wanted {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + done, wanted - done, off_t(offset + done))
            }
            if got < 0 && errno == EINTR { continue }
            if got < 0 { throw POSIX.fail(path, "read") }
            if got == 0 { break }
            done += got
        }
        return done == wanted ? bytes : Array(bytes[0..<done])
    }

    /// Copies `count` bytes at `offset` into the file open as `destination` (named
    /// `destinationPath` in errors) at `destinationOffset`: with sendfile(2) where the
    /// kernel can, so the bytes never pass through this process, else (or with `inKernel`
    /// false, for tests) through a buffer.
    func copy(at offset: Int, count: Int, to destination: Int32, at destinationOffset: Int, path destinationPath: String,
        inKernel: Bool = true) throws
    {
        guard offset >= 0, count >= 0, offset + count <= size else {
            throw VaultError.corrupted(path: path, reason: "truncated", backup: nil)
        }
        let copy = inKernel ? ztenant_copy_range : ztenant_copy_range_buffered
        guard copy(descriptor, Int64(offset), destination, Int64(destinationOffset), Int64(count)) == 0 else {
            throw POSIX.fail(destinationPath, "copy \(path) into")
        }
    }
}
