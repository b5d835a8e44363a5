import CredentialVault
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the agent said when asked for a vault's key.
public enum HeldKeyAnswer<Result> {
    /// It held the key; this is what the caller made with it.
    case opened(Result)
    /// It locked that vault, and why.
    case locked(AgentLockRecord)
    /// It never held a key for that vault.
    case notHeld
}

/// Talks to the agent of this user over its socket, one request per connection, after
/// checking the folder, the socket and the process at the other end (docs/agent.md).
public struct AgentClient: Sendable {
    /// Where the agent listens.
    public var location: AgentLocation

    /// A client for the agent at `location`.
    public init(location: AgentLocation) {
        self.location = location
    }

    /// The agent's state.
    public func status() throws(AgentError) -> AgentStatus {
        let reply = try exchange(AgentFrame(kind: .status, metadata: Array("{}".utf8)))
        return try AgentJSON.decode(AgentStatus.self, try Self.expect(.ok, reply).metadata)
    }

    /// Hands the agent a vault's data key, bound to the vault's path and binding, with its
    /// idle time and maximum lifetime (both from now).
    public func store(path: String, binding: VaultKeyBinding, idleSeconds: Double, maximumSeconds: Double,
        key: UnsafeRawBufferPointer) throws(AgentError) -> (vault: AgentUnlockedVault, memoryLockProblem: String?)
    {
        let request = StoreRequest(path: path, binding: binding, idleSeconds: idleSeconds, maximumSeconds: maximumSeconds)
        let reply = try exchange(AgentFrame(kind: .store, metadata: AgentJSON.encode(request), secret: key))
        let stored = try AgentJSON.decode(StoredReply.self, try Self.expect(.ok, reply).metadata)
        return (stored.vault, stored.memoryLockProblem)
    }

    /// Asks for the key of the vault at `path` (its real path) whose file now has `binding`,
    /// and lends it to `body` while the received frame still holds it; the frame is wiped after.
    /// `touch` slides the idle deadline (a command a person ran; not a timer or a reload).
    public func withKey<R>(path: String, binding: VaultKeyBinding, touch: Bool,
        _ body: (UnsafeRawBufferPointer) throws -> R) throws -> HeldKeyAnswer<R>
    {
        // The key is about to exist in this process: no core file, no same-user ptrace.
        do { try ProcessHardening.apply() } catch { throw AgentError.refused("cannot harden this process before receiving a key: \(error)") }
        let request = FetchRequest(path: path, binding: binding, touch: touch)
        let reply = try exchange(AgentFrame(kind: .fetch, metadata: AgentJSON.encode(request)))
        switch reply.kind {
        case .key:
            let valid = reply.withSecret { $0.count == 32 }
            guard valid else { throw AgentError.protocolError("the agent sent a key of the wrong length") }
            return .opened(try reply.withSecret(body))
        case .refused:
            let refusal = try AgentJSON.decode(Refusal.self, reply.metadata)
            if let lock = refusal.lock { return .locked(lock) }
            return .notHeld
        default:
            throw AgentError.protocolError("unexpected agent reply \(reply.kind)")
        }
    }

    /// Makes the agent forget the key of the vault at `path`, or every key; returns the paths
    /// it forgot.
    public func lock(path: String? = nil, reason: LockReason? = nil) throws(AgentError) -> [String] {
        let reply = try exchange(AgentFrame(kind: .lock, metadata: AgentJSON.encode(LockRequest(path: path, reason: reason))))
        return try AgentJSON.decode(LockedReply.self, try Self.expect(.ok, reply).metadata).forgotten
    }

    /// Makes the agent forget every key and exit.
    public func stop() throws(AgentError) {
        let reply = try exchange(AgentFrame(kind: .stop, metadata: Array("{}".utf8)))
        _ = try Self.expect(.ok, reply)
    }

    /// Moves a test agent's clock forward (refused by any other agent).
    public func advanceClock(seconds: Double) throws(AgentError) {
        let reply = try exchange(AgentFrame(kind: .advanceClock, metadata: AgentJSON.encode(ClockRequest(seconds: seconds))))
        _ = try Self.expect(.ok, reply)
    }

    // MARK: - The connection

    private static func expect(_ kind: AgentFrame.Kind, _ reply: AgentFrame) throws(AgentError) -> AgentFrame {
        if reply.kind == kind { return reply }
        if reply.kind == .refused {
            let refusal = try AgentJSON.decode(Refusal.self, reply.metadata)
            throw .refused("the agent refused: \(refusal.message)")
        }
        throw .protocolError("unexpected agent reply \(reply.kind)")
    }

    /// Connects, checks the other end, sends `request` and reads the reply.
    func exchange(_ request: AgentFrame) throws(AgentError) -> AgentFrame {
        let fd = try connect()
        defer { close(fd) }
        try request.send(to: fd)
        return try AgentFrame.receive(from: fd)
    }

    /// A connection to the agent after every check a key may depend on: the folder is ours
    /// and closed to others, the socket is ours, and the process that accepted is ours.
    func connect() throws(AgentError) -> Int32 {
        try location.verifyFolder()
        try location.verifySocket()
        let fd = try UnixSocket.make()
        // Before connect: on Linux it also bounds a connect to an agent whose backlog is full.
        UnixSocket.setTimeout(fd, seconds: 5)
        let connected = UnixSocket.withAddress(location.socket) { Glibc.connect(fd, $0, $1) }
        guard let connected else {
            close(fd)
            throw .unsafe("the agent socket path \(location.socket) is too long for a Unix socket; set XDG_RUNTIME_DIR to a shorter folder")
        }
        if connected != 0 {
            let code = errno
            close(fd)
            if code == ECONNREFUSED || code == ENOENT {
                // A socket left by an agent that was killed.
                throw .notRunning(stopped: StoppedNote.read(from: location))
            }
            errno = code
            throw .protocolError("cannot connect to the agent at \(location.socket): \(AgentError.systemMessage())")
        }
        let peer: (uid: UInt32, pid: Int32)
        do { peer = try UnixSocket.peerUser(fd) } catch {
            close(fd)
            throw error
        }
        guard peer.uid == geteuid() else {
            close(fd)
            throw .unsafe("the process listening on \(location.socket) (pid \(peer.pid)) runs as uid \(peer.uid), not as you (uid \(geteuid())); not using it")
        }
        return fd
    }
}
