import Foundation

/// A long-running child process whose standard output can be awaited line by line, e.g.
/// `ztenant mock` printing the URL it listens on.
public final class BackgroundProcess: @unchecked Sendable {
    private let process: Process
    private let errors: Pipe
    /// Lines read so far and whether output ended; guarded by `condition`.
    private let condition = NSCondition()
    private var lines: [String] = []
    private var finished = false

    /// Starts `program` with `arguments`.
    public init(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessRunner.baseEnvironment().merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        self.process = process
        self.errors = errors
        try process.run()
        let handle = output.fileHandleForReading
        Thread.detachNewThread { [self] in
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    append(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            if !pending.isEmpty { append(String(decoding: pending, as: UTF8.self)) }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
    }

    private func append(_ line: String) {
        condition.lock()
        lines.append(line)
        condition.broadcast()
        condition.unlock()
    }

    /// The next line of standard output, or nil at end of output; throws once `deadline` passes.
    public func nextLine(within deadline: Duration = .seconds(30)) async throws -> String? {
        let seconds = Double(deadline.components.seconds) + Double(deadline.components.attoseconds) / 1e18
        let limit = Date().addingTimeInterval(seconds)
        let result: Result<String?, DeadlinePassed> = await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in
                condition.lock()
                while lines.isEmpty && !finished {
                    if !condition.wait(until: limit) { break }
                }
                let value: Result<String?, DeadlinePassed>
                if !lines.isEmpty {
                    value = .success(lines.removeFirst())
                } else if finished {
                    value = .success(nil)
                } else {
                    value = .failure(DeadlinePassed(what: "a line of output"))
                }
                condition.unlock()
                continuation.resume(returning: value)
            }
        }
        return try result.get()
    }

    /// Sends a signal.
    public func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to end and returns its status and standard error.
    public func waitForExit() async -> (status: Int32, stderr: String) {
        let status = await ProcessRunner.waitForExit(process)
        let rest = await ProcessRunner.readAll(errors.fileHandleForReading)
        return (status, String(decoding: rest, as: UTF8.self))
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// A deadline passed while a test awaited something.
public struct DeadlinePassed: Error, CustomStringConvertible {
    /// What was awaited.
    public let what: String
    public var description: String { "deadline passed waiting for \(what)" }
}

