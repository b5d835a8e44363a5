import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion with posix_spawn and waitpid, collecting standard output.
/// Safe to call from any thread, including Swift concurrency's, because it never spins a
/// run loop (Foundation's `Process.waitUntilExit` does).
public enum SpawnSync {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// The exit status and standard output of `program arguments`.
    ///
    /// With `captureOutput: false` standard output goes to /dev/null: needed for programs
    /// that leave a daemon behind (`tmux new-session`), which would otherwise hold the pipe open.
    public static func run(_ program: String, _ arguments: [String], captureOutput: Bool = true) throws -> (status: Int32, output: String) {
        var pipeDescriptors: [Int32] = [0, 0]
        // Close-on-exec, so neither end leaks into the child (or a daemon it leaves behind).
        guard pipe(&pipeDescriptors) == 0 else { throw SocketSetupError(step: "pipe") }
        _ = fcntl(pipeDescriptors[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipeDescriptors[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if captureOutput {
            posix_spawn_file_actions_adddup2(&actions, pipeDescriptors[1], STDOUT_FILENO)
        } else {
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addclose(&actions, pipeDescriptors[0])
        // Close every other descriptor in the child: a daemon it leaves behind (the tmux
        // server) would otherwise keep other tests' pipes open forever. glibc has the call,
        // but Swift's Glibc module does not import it.
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, nil, argv, environ)
        close(pipeDescriptors[1])
        guard spawned == 0 else {
            close(pipeDescriptors[0])
            throw SocketSetupError(step: "spawn \(program)")
        }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(pipeDescriptors[0], &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        close(pipeDescriptors[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exit, String(decoding: output, as: UTF8.self))
    }
}
