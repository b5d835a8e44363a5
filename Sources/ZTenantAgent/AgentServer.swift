import CProcessControl
import CredentialVault
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The agent: holds vaults' data keys in locked memory and hands them to clients of the same
/// user (docs/agent.md). One thread, one `poll` loop over the listening socket, a signal pipe
/// and the watch on its folder (``SocketWatch``), with the nearest deadline as its timeout; one
/// request per connection. It stops when its socket is no longer its own.
public final class AgentServer {
    /// A key held, with what binds it and its deadlines.
    private struct Entry {
        var page: LockedKeyPage
        var binding: VaultKeyBinding
        var unlockedAt: Double
        var lastUsedAt: Double
        var idleSeconds: Double
        var maximumSeconds: Double

        var idleDeadline: Double { lastUsedAt + idleSeconds }
        var maximumDeadline: Double { unlockedAt + maximumSeconds }
        var deadline: Double { min(idleDeadline, maximumDeadline) }

        func summary(path: String, wall: (Double) -> Double) -> AgentUnlockedVault {
            AgentUnlockedVault(path: path, identity: binding.identity, unlockedAt: wall(unlockedAt), lastUsedAt: wall(lastUsedAt),
                idleDeadline: wall(min(idleDeadline, maximumDeadline)), maximumDeadline: wall(maximumDeadline),
                idleSeconds: idleSeconds, maximumSeconds: maximumSeconds)
        }
    }

    /// The most keys one agent holds.
    static let maximumKeys = 64

    private let location: AgentLocation
    private let testClock: Bool
    private let startedAt: Double
    private var clockOffset = 0.0
    private var entries: [String: Entry] = [:]
    private var locks: [String: AgentLockRecord] = [:]
    /// Why some held key is not in locked memory, or nil.
    private var memoryLockProblem: String? { entries.values.lazy.compactMap(\.page.problem).first }
    private let listener: Int32
    private let signals: Int32
    private let lockFile: Int32
    /// Whether the socket is still this agent's.
    private let socketWatch: SocketWatch

    private init(location: AgentLocation, testClock: Bool, listener: Int32, signals: Int32, lockFile: Int32, socketWatch: SocketWatch) {
        self.location = location
        self.testClock = testClock
        self.listener = listener
        self.signals = signals
        self.lockFile = lockFile
        self.socketWatch = socketWatch
        self.startedAt = AgentClock.now()
    }

    /// Takes the agent lock and listens; nil when another agent holds the lock (it serves).
    ///
    /// - Parameter testClock: accept ``AgentFrame/Kind/advanceClock`` (tests only).
    public static func start(location: AgentLocation, testClock: Bool) throws(AgentError) -> AgentServer? {
        try location.prepareFolder()
        let lockFile = open(location.agentLock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard lockFile >= 0 else { throw .startFailed("cannot open \(location.agentLock): \(AgentError.systemMessage())") }
        guard flock(lockFile, LOCK_EX | LOCK_NB) == 0 else {
            close(lockFile)
            if errno == EWOULDBLOCK { return nil }
            throw .startFailed("cannot lock \(location.agentLock): \(AgentError.systemMessage())")
        }
        // Holding the lock, any socket left here is a killed agent's.
        unlink(location.socket)
        let listener = try UnixSocket.make()
        let previousMask = umask(0o177)
        let bound = UnixSocket.withAddress(location.socket) { bind(listener, $0, $1) }
        umask(previousMask)
        guard bound == 0, chmod(location.socket, 0o600) == 0, listen(listener, 16) == 0 else {
            let message = bound == nil ? "the socket path is too long" : AgentError.systemMessage()
            close(listener)
            close(lockFile)
            throw .startFailed("cannot listen on \(location.socket): \(message)")
        }
        unlink(location.stoppedNote)
        guard let socketWatch = SocketWatch(socket: location.socket, folder: location.folder) else {
            let message = AgentError.systemMessage()
            close(listener)
            close(lockFile)
            throw .startFailed("cannot read the socket it made, \(location.socket): \(message)")
        }
        let signals = ztenant_signal_pipe_install()
        guard signals >= 0 else {
            socketWatch.close()
            close(listener)
            close(lockFile)
            throw .startFailed("cannot install signal handlers: \(AgentError.systemMessage())")
        }
        return AgentServer(location: location, testClock: testClock, listener: listener, signals: signals, lockFile: lockFile,
            socketWatch: socketWatch)
    }

    /// Serves until a signal or a `stop` request; every key is wiped before it returns.
    public func run() {
        var why = "stopped"
        while true {
            let now = self.now
            expire(now: now)
            var timeout: Int32 = -1
            if let next = entries.values.map(\.deadline).min() {
                // Capped, so a deadline passed during a suspend is acted on soon after waking.
                timeout = Int32(max(0, min(30_000, ((next - now) * 1000).rounded(.up))))
            }
            let watched = socketWatch.descriptor
            if watched < 0 {
                // No notification of the folder's changes: look at the socket every 30 s.
                timeout = timeout < 0 ? 30_000 : min(timeout, 30_000)
            }
            var polled = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: signals, events: Int16(POLLIN), revents: 0),
                pollfd(fd: watched, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&polled, nfds_t(polled.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                why = "poll failed: \(AgentError.systemMessage())"
                break
            }
            if polled[1].revents != 0 {
                var number: UInt8 = 0
                _ = read(signals, &number, 1)
                why = Self.signalName(Int32(number))
                break
            }
            if polled[2].revents != 0 { socketWatch.drain() }
            let socket = socketWatch.state
            if socket == .gone || socket == .replaced {
                why = "its socket \(location.socket) \(socket == .gone ? "was removed" : "is another's now"), so nothing could reach it"
                break
            }
            if polled[0].revents & Int16(POLLIN) != 0 {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { continue }
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                let stop = serve(client)
                close(client)
                if stop {
                    why = "ztenant agent stop"
                    break
                }
            }
        }
        shutDown(why: why)
    }

    /// Deadline time: CLOCK_BOOTTIME, which counts a suspended laptop's sleep and which setting
    /// the wall clock back cannot move. Shown to people as wall-clock time (``wall(_:)``).
    private var now: Double { AgentClock.boottime() + clockOffset }

    /// Wall-clock time minus deadline-clock time, taken once at start, so a time shown twice
    /// reads the same both times.
    private let wallBase = AgentClock.now() - AgentClock.boottime()

    /// A deadline-clock time as wall-clock Unix seconds.
    private func wall(_ time: Double) -> Double { time + wallBase }

    private func expire(now: Double) {
        for (path, entry) in entries where now >= entry.deadline {
            forget(path, reason: now >= entry.maximumDeadline ? .maximum : .idle, at: now)
        }
    }

    private func forget(_ path: String, reason: LockReason, at time: Double) {
        // Dropping the entry drops its page, which wipes the key.
        entries[path] = nil
        locks[path] = AgentLockRecord(path: path, reason: reason, at: wall(time))
        // The latest reasons only: a client sending many paths cannot grow the table.
        if locks.count > Self.maximumKeys * 2, let oldest = locks.values.min(by: { $0.at < $1.at }) {
            locks[oldest.path] = nil
        }
    }

    private func shutDown(why: String) {
        let time = now
        for path in Array(entries.keys) { forget(path, reason: .stopped, at: time) }
        // Looked at once: only its own socket is removed, and the note goes only into its own
        // folder (not one made again for another agent, nor one being deleted).
        if socketWatch.state == .ours { unlink(location.socket) }
        if holdsTheFolder { StoppedNote(at: wall(time), why: why).write(to: location) }
        socketWatch.close()
        close(listener)
        close(lockFile)
    }

    /// Whether `agent.lock` in the folder is still the file this agent holds locked.
    private var holdsTheFolder: Bool {
        var named = stat(), held = stat()
        return lstat(location.agentLock, &named) == 0 && fstat(lockFile, &held) == 0
            && named.st_dev == held.st_dev && named.st_ino == held.st_ino
    }

    // MARK: - Requests

    /// Answers one request; true when it asked the agent to stop.
    private func serve(_ client: Int32) -> Bool {
        UnixSocket.setTimeout(client, seconds: 2)
        do {
            let peer = try UnixSocket.peerUser(client)
            let request = try AgentFrame.receive(from: client, within: 2)
            guard peer.uid == geteuid() else {
                // Read (so the refusal reaches the other end) but never acted on.
                try? Self.refusal("uid \(peer.uid) is not the agent's owner (uid \(geteuid()))").send(to: client)
                return false
            }
            let (reply, stop) = answer(request)
            try reply.send(to: client)
            return stop
        } catch {
            return false
        }
    }

    private func answer(_ request: AgentFrame) -> (AgentFrame, Bool) {
        // A deadline may have passed while this request waited (or the machine slept).
        expire(now: now)
        do {
            switch request.kind {
            case .status:
                return (ok(status()), false)
            case .store:
                return (try store(request), false)
            case .fetch:
                return (try fetch(request), false)
            case .lock:
                let lock = try AgentJSON.decode(LockRequest.self, request.metadata)
                let paths = lock.path.map { entries[$0] == nil ? [] : [$0] } ?? Array(entries.keys).sorted()
                let time = now
                let reason: LockReason = [.rekeyed, .replaced].contains(lock.reason) ? lock.reason ?? .explicit : .explicit
                for path in paths { forget(path, reason: reason, at: time) }
                return (ok(LockedReply(forgotten: paths)), false)
            case .stop:
                return (ok(LockedReply(forgotten: Array(entries.keys).sorted())), true)
            case .advanceClock:
                guard testClock else { return (Self.refusal("this agent's clock cannot be moved"), false) }
                let seconds = try AgentJSON.decode(ClockRequest.self, request.metadata).seconds
                guard seconds > 0 else { return (Self.refusal("the clock only moves forward"), false) }
                clockOffset += seconds
                return (ok(LockedReply(forgotten: [])), false)
            case .ok, .key, .refused:
                return (Self.refusal("not a request"), false)
            }
        } catch {
            return (Self.refusal(error.description), false)
        }
    }

    private func store(_ request: AgentFrame) throws(AgentError) -> AgentFrame {
        let store = try AgentJSON.decode(StoreRequest.self, request.metadata)
        guard store.path.hasPrefix("/"), store.idleSeconds > 0, store.maximumSeconds > 0 else {
            return Self.refusal("a store request needs an absolute path and positive idle and maximum times")
        }
        guard entries[store.path] != nil || entries.count < Self.maximumKeys else {
            return Self.refusal("the agent already holds \(Self.maximumKeys) keys")
        }
        let page = request.withSecret { LockedKeyPage(copying: $0) }
        guard request.withSecret({ $0.count }) == LockedKeyPage.keyLength else { return Self.refusal("a data key is 32 bytes") }
        guard let page else { return Self.refusal("cannot map a page for the key: \(AgentError.systemMessage())") }
        let time = now
        let entry = Entry(page: page, binding: store.binding, unlockedAt: time, lastUsedAt: time,
            idleSeconds: store.idleSeconds, maximumSeconds: store.maximumSeconds)
        entries[store.path] = entry
        locks[store.path] = nil
        return ok(StoredReply(vault: entry.summary(path: store.path, wall: wall), memoryLockProblem: page.problem))
    }

    private func fetch(_ request: AgentFrame) throws(AgentError) -> AgentFrame {
        let fetch = try AgentJSON.decode(FetchRequest.self, request.metadata)
        guard var entry = entries[fetch.path] else {
            return AgentFrame(kind: .refused, metadata: AgentJSON.encode(
                Refusal(message: "no key for \(fetch.path)", lock: locks[fetch.path])))
        }
        let time = now
        if let mismatch = entry.binding.mismatch(with: fetch.binding) {
            let reason: LockReason = mismatch == .rekeyed ? .rekeyed : .replaced
            forget(fetch.path, reason: reason, at: time)
            return AgentFrame(kind: .refused, metadata: AgentJSON.encode(
                Refusal(message: "the key no longer matches \(fetch.path)", lock: locks[fetch.path])))
        }
        if fetch.touch {
            entry.lastUsedAt = time
            entries[fetch.path] = entry
        }
        let summary = AgentJSON.encode(entry.summary(path: fetch.path, wall: wall))
        return entry.page.withKey { AgentFrame(kind: .key, metadata: summary, secret: $0) }
    }

    private func status() -> AgentStatus {
        AgentStatus(protocolVersion: Int(AgentFrame.version), pid: getpid(), startedAt: startedAt,
            memoryLocked: memoryLockProblem == nil, memoryLockProblem: memoryLockProblem,
            vaults: entries.map { $0.value.summary(path: $0.key, wall: wall) }.sorted { $0.path < $1.path },
            locked: locks.values.sorted { $0.path < $1.path })
    }

    private func ok<T: Encodable>(_ value: T) -> AgentFrame {
        AgentFrame(kind: .ok, metadata: AgentJSON.encode(value))
    }

    private static func refusal(_ message: String) -> AgentFrame {
        AgentFrame(kind: .refused, metadata: AgentJSON.encode(Refusal(message: message, lock: nil)))
    }

    private static func signalName(_ number: Int32) -> String {
        switch number {
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        case SIGINT: "SIGINT"
        default: "signal \(number)"
        }
    }
}
