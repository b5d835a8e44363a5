#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the agent listens: `$XDG_RUNTIME_DIR/ztenant/agent.sock`, else
/// `/tmp/ztenant-$UID/agent.sock`, in a folder that only its owner may enter (docs/agent.md).
public struct AgentLocation: Sendable, Equatable {
    /// The folder holding the socket and the agent's lock files.
    public var folder: String

    /// The socket.
    public var socket: String { folder + "/agent.sock" }
    /// Held (flock) by the running agent for its whole life: free means any socket is stale.
    var agentLock: String { folder + "/agent.lock" }
    /// Held by a client while it starts an agent, so two starting at once make one agent.
    var startLock: String { folder + "/start.lock" }
    /// A note the agent leaves when it stops (when and why; never a key).
    var stoppedNote: String { folder + "/agent.stopped" }

    /// The location for this user and environment.
    public static func resolve(environment: [String: String]) -> AgentLocation {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            return AgentLocation(folder: runtime + "/ztenant")
        }
        return AgentLocation(folder: "/tmp/ztenant-\(geteuid())")
    }

    /// Creates a location at `folder`.
    public init(folder: String) {
        self.folder = folder
    }

    /// Checks the folder as a client must before trusting a socket in it: it exists, is a real
    /// folder (not a symbolic link), belongs to this user and no one else may enter it. Another
    /// user may have made `/tmp/ztenant-$UID/` first, to stand in for the agent.
    public func verifyFolder() throws(AgentError) {
        var info = stat()
        guard lstat(folder, &info) == 0 else {
            if errno == ENOENT { throw .notRunning(stopped: nil) }
            throw .unsafe("cannot inspect the agent folder \(folder): \(AgentError.systemMessage())")
        }
        try Self.check(info, folder: folder)
    }

    /// Makes the folder (0700) when missing and checks it.
    func prepareFolder() throws(AgentError) {
        var info = stat()
        if lstat(folder, &info) != 0 {
            guard errno == ENOENT else { throw .unsafe("cannot inspect the agent folder \(folder): \(AgentError.systemMessage())") }
            if mkdir(folder, 0o700) != 0 && errno != EEXIST {
                throw .unsafe("cannot create the agent folder \(folder): \(AgentError.systemMessage())")
            }
            guard lstat(folder, &info) == 0 else { throw .unsafe("cannot inspect the agent folder \(folder): \(AgentError.systemMessage())") }
        }
        try Self.check(info, folder: folder)
    }

    private static func check(_ info: stat, folder: String) throws(AgentError) {
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK {
            throw .unsafe("the agent folder \(folder) is a symbolic link, which someone else may have placed; remove it (rm '\(folder)') and unlock again")
        }
        guard type == S_IFDIR else {
            throw .unsafe("the agent folder \(folder) is not a folder; remove it and unlock again")
        }
        guard info.st_uid == geteuid() else {
            throw .unsafe("the agent folder \(folder) belongs to uid \(info.st_uid), not to you (uid \(geteuid())): another user may be standing in for the agent. Remove it as root or set XDG_RUNTIME_DIR")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw .unsafe("the agent folder \(folder) has mode 0\(String(mode, radix: 8)); it must be 0700. Fix it with: chmod 700 '\(folder)'")
        }
    }

    /// Checks the socket file: a socket, owned by this user.
    func verifySocket() throws(AgentError) {
        var info = stat()
        guard lstat(socket, &info) == 0 else {
            if errno == ENOENT { throw .notRunning(stopped: StoppedNote.read(from: self)) }
            throw .unsafe("cannot inspect the agent socket \(socket): \(AgentError.systemMessage())")
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw .unsafe("\(socket) is not a socket; remove it and unlock again")
        }
        guard info.st_uid == geteuid() else {
            throw .unsafe("the agent socket \(socket) belongs to uid \(info.st_uid), not to you (uid \(geteuid())); not using it")
        }
    }
}
