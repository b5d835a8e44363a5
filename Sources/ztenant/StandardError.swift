import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes to standard error, unbuffered.
enum StandardError {
    static func write(_ text: String) {
        _ = StandardStream.write(text, to: STDERR_FILENO)
    }
}

/// Writes to standard output, a line at a time, so a reader on a pipe sees each line at once.
enum StandardOutput {
    static func line(_ text: String) {
        if !StandardStream.write(text + "\n", to: STDOUT_FILENO) {
            // The reader went away (`ztenant list | head -1`): that is not an error.
            exit(0)
        }
    }
}

/// POSIX writes that report a closed pipe instead of trapping as `FileHandle.write` does.
enum StandardStream {
    /// Writes everything; false when the other end is closed.
    static func write(_ text: String, to descriptor: Int32) -> Bool {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            bytes = bytes.dropFirst(written)
        }
        return true
    }
}
