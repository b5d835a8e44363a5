import CProcessControl

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few socket calls the agent and its clients make, on AF_UNIX stream sockets.
enum UnixSocket {
    /// A `sockaddr_un` for `path`, or nil when the path is too long for one.
    static func withAddress<R>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    /// A new stream socket, close-on-exec.
    static func make() throws(AgentError) -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw .protocolError("cannot make a socket: \(AgentError.systemMessage())") }
        return fd
    }

    /// The user id of the process at the other end, as the kernel recorded it at connect time.
    static func peerUser(_ fd: Int32) throws(AgentError) -> (uid: UInt32, pid: Int32) {
        var uid: UInt32 = 0
        var pid: Int32 = 0
        guard ztenant_peer_credentials(fd, &uid, &pid) == 0 else {
            throw .unsafe("cannot learn who is at the other end of the agent socket: \(AgentError.systemMessage())")
        }
        return (uid, pid)
    }

    /// Gives reads and writes on `fd` a time limit, so a peer that stops mid-message cannot
    /// hold the other end forever.
    static func setTimeout(_ fd: Int32, seconds: Int) {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }
}
