import CProcessControl
import CredentialVault
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts the agent process and runs it.
///
/// A client starts an agent as `ztenant agent run --ready-fd 3`: a new session with standard
/// input, output and error on /dev/null and a pipe as descriptor 3, on which the agent writes
/// one byte once it listens (`Y`), or when another agent already does (`R`), or `E` and a
/// sentence when it cannot start. The client holds `start.lock` meanwhile, so two clients
/// starting at once make one agent, and waits on the pipe rather than on a clock.
public enum AgentLauncher {
    /// The only environment variables the agent gets: where it listens and how it shows
    /// times. Nothing else of the caller's crosses: not a passphrase variable, and not the
    /// `ZUORA_SESSION` of a `ztenant shell` the unlock ran in.
    static let passed: Set<String> = ["XDG_RUNTIME_DIR", "HOME", "PATH", "TZ", "LANG", "LC_ALL", "LC_CTYPE", "LC_TIME",
        "ZTENANT_AGENT_TEST_CLOCK"]

    /// Makes sure an agent answers at `location`, starting `executable` as one if none does.
    /// - Returns: true when this call started it.
    @discardableResult
    public static func ensureRunning(location: AgentLocation, executable: String, environment: [String: String])
        throws(AgentError) -> Bool
    {
        let client = AgentClient(location: location)
        try location.prepareFolder()
        let lock = open(location.startLock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard lock >= 0 else { throw .startFailed("cannot open \(location.startLock): \(AgentError.systemMessage())") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .startFailed("cannot lock \(location.startLock): \(AgentError.systemMessage())") }
        }
        if try answers(client) { return false }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw .startFailed("cannot make a pipe: \(AgentError.systemMessage())") }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        defer { close(ends[0]) }
        let arguments = [executable, "agent", "run", "--ready-fd", "3"]
        let variables = environment.filter { passed.contains($0.key) }.map { "\($0.key)=\($0.value)" }
        var pid: Int32 = 0
        let spawned = withCStrings(arguments) { argv in
            withCStrings(variables) { envp in ztenant_spawn_detached(executable, argv, envp, ends[1], &pid) }
        }
        let spawnError = errno
        close(ends[1])
        guard spawned == 0 else {
            errno = spawnError
            throw .startFailed("cannot start the agent (\(executable)): \(AgentError.systemMessage())")
        }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 512)
        while answer.count < 4096 {
            let count = buffer.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        switch answer.first {
        case UInt8(ascii: "Y"): return true
        case UInt8(ascii: "R"): return false
        case UInt8(ascii: "E"):
            throw .startFailed("the agent did not start: " + String(decoding: answer.dropFirst(), as: UTF8.self))
        default:
            throw .startFailed("the agent (pid \(pid)) exited before it listened; run `ztenant agent run` in a terminal to see why")
        }
    }

    /// The agent process itself: hardens the process, lets go of every descriptor it was given
    /// but `readyFD`, listens, reports on `readyFD`, and serves until stopped.
    /// - Returns: the exit status.
    public static func runAgent(location: AgentLocation, readyFD: Int32?, testClock: Bool) -> Int32 {
        func report(_ bytes: String) {
            guard let readyFD else { return }
            let data = Array(bytes.utf8)
            _ = data.withUnsafeBytes { write(readyFD, $0.baseAddress, $0.count) }
            close(readyFD)
        }
        do {
            try ProcessHardening.apply()
        } catch {
            report("E\(error)")
            return 1
        }
        // Nothing of the caller's stays open: `ztenant unlock | cat` must not wait for the agent.
        _ = ztenant_close_descriptors_from(3, readyFD ?? -1)
        var startLock: Int32 = -1
        if readyFD == nil {
            // Started by hand: take the start lock that clients hold while they start one.
            try? location.prepareFolder()
            startLock = open(location.startLock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            if startLock >= 0 { _ = flock(startLock, LOCK_EX) }
        }
        let server: AgentServer?
        do {
            server = try AgentServer.start(location: location, testClock: testClock)
        } catch {
            if startLock >= 0 { close(startLock) }
            report("E\(error.description)")
            if readyFD == nil { FileHandle.standardError.write(Data("ztenant agent: \(error.description)\n".utf8)) }
            return 1
        }
        if startLock >= 0 { close(startLock) }
        guard let server else {
            report("R")
            if readyFD == nil { FileHandle.standardError.write(Data("ztenant agent: another agent is already running\n".utf8)) }
            return 0
        }
        report("Y")
        server.run()
        return 0
    }

    /// Whether an agent answers; a problem other than "none listens" is thrown.
    private static func answers(_ client: AgentClient) throws(AgentError) -> Bool {
        do {
            _ = try client.status()
            return true
        } catch {
            if case .notRunning = error { return false }
            throw error
        }
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
