import Foundation

/// A throwaway HOME with its own XDG folders and vault path, for running the `ztenant` binary
/// without touching the developer's files. The vault passphrase is passed through a
/// passphrase file, never argv.
public final class ScratchHome: @unchecked Sendable {
    /// The folder.
    public let root: String
    /// The vault path inside it.
    public let vault: String
    /// A file holding the passphrase.
    public let passphraseFile: String

    /// Creates the folder and a passphrase file with `passphrase`.
    public init(passphrase: String = "correct horse battery staple") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-home-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createDirectory(atPath: root + "/run", withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        vault = root + "/data/ztenant/vault.ztv"
        passphraseFile = root + "/passphrase"
        try setPassphrase(passphrase)
    }

    /// Replaces the passphrase the file holds.
    public func setPassphrase(_ passphrase: String) throws {
        _ = FileManager.default.createFile(atPath: passphraseFile, contents: Data((passphrase + "\n").utf8),
            attributes: [.posixPermissions: 0o600])
    }

    /// `$XDG_RUNTIME_DIR` of this home; its agent listens in `ztenant/` inside it.
    public var runtimeFolder: String { root + "/run" }

    /// The environment for a child: XDG folders here, the passphrase file, nothing inherited
    /// that names another vault.
    public var environment: [String: String] {
        [
            "HOME": root, "XDG_DATA_HOME": root + "/data", "XDG_CONFIG_HOME": root + "/config",
            // Its own agent folder: a test never talks to the developer's agent.
            "XDG_RUNTIME_DIR": runtimeFolder,
            "ZTENANT_PASSPHRASE_FILE": passphraseFile,
        ]
    }

    /// Runs `ztenant` with this home; `kdf` adds cheap KDF parameters to `init`.
    public func run(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:],
        newSession: Bool = false) async throws -> ProcessResult
    {
        var arguments = arguments
        if arguments.first == "init" && !arguments.contains("--kdf-log-n") { arguments += ["--kdf-log-n", "10"] }
        return try await ProcessRunner.ztenant(arguments, environment: environment.merging(extra) { $1 }, stdin: stdin,
            newSession: newSession)
    }

    deinit {
        // An agent a test started (and did not stop) goes with the home, wiping its keys.
        if FileManager.default.fileExists(atPath: runtimeFolder + "/ztenant/agent.sock") {
            let stop = Process()
            stop.executableURL = URL(fileURLWithPath: ProcessRunner.ztenantBinary)
            stop.arguments = ["agent", "stop"]
            stop.environment = ProcessRunner.baseEnvironment().merging(environment) { $1 }
            stop.standardOutput = FileHandle.nullDevice
            stop.standardError = FileHandle.nullDevice
            if (try? stop.run()) != nil { stop.waitUntilExit() }
        }
        try? FileManager.default.removeItem(atPath: root)
    }
}
