import Foundation

/// What a finished process printed and how it exited.
public struct ProcessResult: Sendable {
    /// Standard output.
    public let stdout: String
    /// Standard error.
    public let stderr: String
    /// The exit status (or 128 + signal when killed).
    public let status: Int32

    /// Both streams together, for asserting that something appears nowhere.
    public var allOutput: String { stdout + stderr }
}

/// Runs the built `ztenant` binary (or any program) as a black box.
public enum ProcessRunner {
    /// The `ztenant` binary next to the test bundle (`swift test` builds it because the
    /// end-to-end tests depend on the executable target), or `$ZTENANT_BINARY`.
    public static var ztenantBinary: String {
        if let override = ProcessInfo.processInfo.environment["ZTENANT_BINARY"] { return override }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the test runner is `.build/debug/<package>PackageTests.xctest`; on macOS
        // it sits inside a bundle.
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("ztenant")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            folder = folder.deletingLastPathComponent()
        }
        return Fixtures.repositoryRoot.appendingPathComponent(".build/debug/ztenant").path
    }

    /// Runs `ztenant` with arguments, extra environment and standard input; waits for it.
    public static func ztenant(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
        newSession: Bool = false) async throws -> ProcessResult
    {
        if newSession {
            return try await run("/usr/bin/setsid", ["-w", ztenantBinary] + arguments, environment: environment, stdin: stdin)
        }
        return try await run(ztenantBinary, arguments, environment: environment, stdin: stdin)
    }

    /// Runs a program and collects its output.
    public static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:],
        stdin: String? = nil) async throws -> ProcessResult
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = baseEnvironment().merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        async let out = readAll(output.fileHandleForReading)
        async let err = readAll(errors.fileHandleForReading)
        let (stdoutData, stderrData) = await (out, err)
        let status = await waitForExit(process)
        return ProcessResult(
            stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self),
            status: status)
    }

    /// The environment a child gets: the test's own, without variables that would make
    /// ztenant read a developer's real vault or passphrase.
    public static func baseEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("ZTENANT_") && key != "ZTENANT_BINARY" {
            environment.removeValue(forKey: key)
        }
        environment["NO_COLOR"] = "1"
        return environment
    }

    static func readAll(_ handle: FileHandle) async -> Data {
        await onItsOwnThread { handle.readDataToEndOfFile() }
    }

    static func waitForExit(_ process: Process) async -> Int32 {
        await onItsOwnThread {
            process.waitUntilExit()
            return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        }
    }
}
