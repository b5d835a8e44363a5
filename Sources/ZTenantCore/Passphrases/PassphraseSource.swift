import CredentialVault
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the vault passphrase in the documented order (docs/commands.md, Passphrases): `--passphrase-fd N`,
/// `ZTENANT_PASSPHRASE_FILE`, `ZTENANT_PASSPHRASE`, then a prompt on the controlling
/// terminal. Never waits for input that cannot come.
public struct PassphraseSource: Sendable {
    /// Asks on the terminal with echo off; returns nil when there is no terminal.
    public typealias Prompt = @Sendable (_ question: String) throws -> Passphrase?
    /// Receives a warning that does not stop anything (a passphrase file others can read).
    public typealias Warn = @Sendable (_ warning: String) -> Void

    /// `--passphrase-fd`.
    public var descriptor: Int32?
    /// `--new-passphrase-fd`.
    public var newDescriptor: Int32?
    /// The process environment.
    public var environment: [String: String]
    /// The terminal prompt.
    public var prompt: Prompt
    /// Where warnings go.
    public var warn: Warn

    /// The shortest new passphrase accepted.
    public static let minimumLength = 8

    /// Creates a source.
    public init(descriptor: Int32? = nil, newDescriptor: Int32? = nil, environment: [String: String],
        warn: @escaping Warn = { _ in }, prompt: @escaping Prompt)
    {
        self.descriptor = descriptor
        self.newDescriptor = newDescriptor
        self.environment = environment
        self.warn = warn
        self.prompt = prompt
    }

    /// The passphrase of an existing vault.
    ///
    /// The process is hardened (non-dumpable, no core file) before any source is read, so the
    /// passphrase never exists in a process that could dump it.
    public func passphrase(for path: String) throws -> Passphrase {
        try ProcessHardening.apply()
        if let descriptor {
            return try Self.read(descriptor: descriptor, what: "--passphrase-fd \(descriptor)")
        }
        if let file = environment["ZTENANT_PASSPHRASE_FILE"], !file.isEmpty {
            if let warning = Self.exposure(ofPassphraseFile: file) { warn(warning) }
            return try Self.read(file: file)
        }
        if let value = environment["ZTENANT_PASSPHRASE"], !value.isEmpty {
            return Passphrase(value)
        }
        guard let typed = try prompt("Passphrase for \(path): ") else {
            throw PassphraseError.noSource
        }
        guard !typed.isEmpty else { throw PassphraseError.empty }
        return typed
    }

    /// A warning when a passphrase file can be read (or replaced) by other users, or nil.
    public static func exposure(ofPassphraseFile path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 != 0 else { return nil }
        return "the passphrase file \(path) can be read by other users (mode 0\(String(mode, radix: 8))): anyone who can read it can open the vault. Fix it with: chmod 600 '\(path)'"
    }

    /// A new passphrase (for `init`, `rekey`, `export`): `--new-passphrase-fd`,
    /// `ZTENANT_NEW_PASSPHRASE`, for `init` also the ordinary sources, else a prompt asked twice.
    public func newPassphrase(purpose: String, allowCurrentSources: Bool) throws -> Passphrase {
        try ProcessHardening.apply()
        let candidate: Passphrase
        if let newDescriptor {
            candidate = try Self.read(descriptor: newDescriptor, what: "--new-passphrase-fd \(newDescriptor)")
        } else if let value = environment["ZTENANT_NEW_PASSPHRASE"], !value.isEmpty {
            candidate = Passphrase(value)
        } else if allowCurrentSources && (descriptor != nil || environment["ZTENANT_PASSPHRASE_FILE"].map { !$0.isEmpty } == true
            || environment["ZTENANT_PASSPHRASE"].map { !$0.isEmpty } == true)
        {
            candidate = try passphrase(for: purpose)
        } else {
            guard let first = try prompt("New passphrase for \(purpose): ") else { throw PassphraseError.noNewSource }
            guard let second = try prompt("Repeat the passphrase: ") else { throw PassphraseError.noNewSource }
            guard first.matches(second) else { throw PassphraseError.mismatch }
            candidate = first
        }
        guard candidate.count >= Self.minimumLength else { throw PassphraseError.tooShort(minimum: Self.minimumLength) }
        return candidate
    }

    static func read(descriptor: Int32, what: String) throws -> Passphrase {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw PassphraseError.unreadable(what, String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
            if bytes.count > 64 * 1024 { throw PassphraseError.unreadable(what, "more than 64 KiB") }
        }
        for index in buffer.indices { buffer[index] = 0 }
        // Read once; closing keeps the descriptor from leaking into programs `exec` runs.
        _ = Glibc.close(descriptor)
        return try finish(&bytes, what: what)
    }

    static func read(file: String) throws -> Passphrase {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PassphraseError.unreadable("ZTENANT_PASSPHRASE_FILE (\(file))", "cannot read the file")
        }
        var bytes = Array(data)
        return try finish(&bytes, what: "ZTENANT_PASSPHRASE_FILE (\(file))")
    }

    /// Drops one trailing line break, as `echo` and editors add one.
    private static func finish(_ bytes: inout [UInt8], what: String) throws -> Passphrase {
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard !bytes.isEmpty else { throw PassphraseError.unreadable(what, "it is empty") }
        return Passphrase(bytes: &bytes)
    }
}

/// Why no passphrase could be had.
public enum PassphraseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No source is set and there is no terminal to ask on.
    case noSource
    /// No source for a new passphrase and no terminal.
    case noNewSource
    /// A source could not be read.
    case unreadable(String, String)
    /// The two entries differ.
    case mismatch
    /// The new passphrase is too short.
    case tooShort(minimum: Int)
    /// Nothing was typed.
    case empty

    public var description: String {
        switch self {
        case .noSource:
            return "no passphrase source and no terminal to ask on: use --passphrase-fd N, ZTENANT_PASSPHRASE_FILE or ZTENANT_PASSPHRASE."
        case .noNewSource:
            return "no new passphrase source and no terminal to ask on: use --new-passphrase-fd N or ZTENANT_NEW_PASSPHRASE."
        case .unreadable(let what, let why):
            return "cannot read the passphrase from \(what): \(why)."
        case .mismatch:
            return "the two passphrases differ; nothing was changed."
        case .tooShort(let minimum):
            return "the new passphrase is too short: use at least \(minimum) characters (a few random words are easy to type and hard to guess)."
        case .empty:
            return "no passphrase was entered."
        }
    }
}
