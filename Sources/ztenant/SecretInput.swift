import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads secrets from standard input or from the controlling terminal with echo off. Never
/// from arguments.
enum SecretInput {
    /// Everything on standard input, less one trailing line break.
    static func readStandardInput(what: String) throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\r\n") { text.removeLast(2) } else if text.hasSuffix("\n") { text.removeLast() }
        guard !text.isEmpty else {
            throw CLIFailure("no \(what) on standard input: pipe it in, e.g. `pass show zuora | ztenant … --password-stdin`", exitCode: ExitStatus.usage)
        }
        return text
    }

    /// Asks on `/dev/tty` with echo off; fails at once when there is no terminal.
    static func prompt(_ prompt: String, missing: String, exitCode: Int32) throws -> String {
        guard let text = try promptIfTerminal(prompt) else {
            throw CLIFailure(missing, exitCode: exitCode)
        }
        guard !text.isEmpty else {
            throw CLIFailure("nothing was entered", exitCode: exitCode)
        }
        return text
    }

    /// Asks on `/dev/tty` with echo off, or returns nil at once when there is no terminal.
    static func promptIfTerminal(_ prompt: String) throws -> String? {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var original = termios()
        let isTerminal = tcgetattr(fd, &original) == 0
        if isTerminal {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            silent.c_lflag |= tcflag_t(ICANON)
            _ = tcsetattr(fd, TCSAFLUSH, &silent)
        }
        defer {
            if isTerminal { _ = tcsetattr(fd, TCSAFLUSH, &original) }
        }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            bytes.append(byte)
        }
        _ = "\n".withCString { write(fd, $0, 1) }
        let text = String(decoding: bytes, as: UTF8.self)
        for index in bytes.indices { bytes[index] = 0 }
        return text
    }
}
