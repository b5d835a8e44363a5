import CredentialVault
import Foundation
import ZuoraAPI

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

    /// An OAuth client's secret: from standard input (`--client-secret-stdin`), else asked on the
    /// terminal; with neither, a usage error (exit 2) saying how to pipe it in.
    static func clientSecret(for clientId: String, fromStandardInput: Bool) throws -> Secret {
        if fromStandardInput { return Secret(try readStandardInput(what: "client secret")) }
        return Secret(try prompt("Client secret for \(clientId): ",
            missing: "no client secret source: there is no terminal to ask on. Pipe the secret in with --client-secret-stdin.",
            exitCode: ExitStatus.usage))
    }

    /// Asks on `/dev/tty` with echo off; fails at once when there is no terminal.
    static func prompt(_ prompt: String, missing: String, exitCode: Int32) throws -> String {
        guard let typed = try promptIfTerminal(prompt) else {
            throw CLIFailure(missing, exitCode: exitCode)
        }
        guard !typed.isEmpty else {
            throw CLIFailure("nothing was entered", exitCode: exitCode)
        }
        return typed.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether there is a controlling terminal to ask on.
    static var hasTerminal: Bool {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    /// Asks on `/dev/tty` with echo off, or returns nil at once when there is no terminal.
    ///
    /// Echo is turned off and then read back: if the terminal did not take the setting, the
    /// secret is not read at all (it would be shown as it is typed). Ctrl-C while the prompt
    /// waits restores the terminal before the process ends.
    static func promptIfTerminal(_ prompt: String) throws -> Passphrase? {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var original = termios()
        guard tcgetattr(fd, &original) == 0 else {
            throw CLIFailure("cannot read the terminal's settings (\(String(cString: strerror(errno)))), so echo cannot be turned off; not asking for a secret. Use --passphrase-fd or ZTENANT_PASSPHRASE_FILE instead.", exitCode: ExitStatus.locked)
        }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ICANON)
        TerminalGuard.arm(fd: fd, settings: original)
        defer {
            _ = tcsetattr(fd, TCSAFLUSH, &original)
            TerminalGuard.disarm()
        }
        var applied = termios()
        let failpoint = ProcessInfo.processInfo.environment["ZTENANT_FAILPOINT"] == "echo-off"
        guard !failpoint, tcsetattr(fd, TCSAFLUSH, &silent) == 0, tcgetattr(fd, &applied) == 0,
            applied.c_lflag & tcflag_t(ECHO) == 0
        else {
            let why = failpoint ? "the terminal refused the setting" : String(cString: strerror(errno))
            throw CLIFailure("cannot turn off echo on the terminal (\(why)); not asking for a secret that would be shown as it is typed. Use --passphrase-fd or ZTENANT_PASSPHRASE_FILE instead.", exitCode: ExitStatus.locked)
        }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        defer { SecureWipe.zero(&bytes) }
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if bytes.count == bytes.capacity {
                // Grow by hand so no copy of the typed bytes is left behind unwiped.
                var larger: [UInt8] = []
                larger.reserveCapacity(bytes.count * 2)
                larger.append(contentsOf: bytes)
                SecureWipe.zero(&bytes)
                bytes = larger
            }
            bytes.append(byte)
        }
        byte = 0
        _ = "\n".withCString { write(fd, $0, 1) }
        return Passphrase(bytes: &bytes)
    }
}
