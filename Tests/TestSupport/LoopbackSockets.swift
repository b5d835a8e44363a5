import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A loopback port on which nothing listens: connecting is refused at once.
public func closedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SocketSetupError(step: "socket") }
    defer { close(fd) }
    var address = loopbackAddress(port: 0)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw SocketSetupError(step: "bind") }
    return try localPort(fd)
}

/// A loopback listener whose accept queue is full and never drained, so a new connection's
/// SYN is dropped and connecting hangs until the client's connect timeout.
public final class StalledListener: @unchecked Sendable {
    /// The port that stalls.
    public let port: Int
    private let listener: Int32
    private var fillers: [Int32] = []
    private var closed = false

    /// Opens the listener (backlog 0) and fills its queue with two connections never accepted.
    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketSetupError(step: "socket") }
        var address = loopbackAddress(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 0) == 0 else {
            _ = Glibc.close(fd)
            throw SocketSetupError(step: "bind/listen")
        }
        listener = fd
        port = try localPort(fd)
        for _ in 0..<2 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            var target = loopbackAddress(port: port)
            _ = withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            fillers.append(fd)
        }
    }

    /// Closes the listener and the fillers.
    public func close() {
        guard !closed else { return }
        closed = true
        for fd in fillers { _ = Glibc.close(fd) }
        fillers.removeAll()
        _ = Glibc.close(listener)
    }

    deinit { close() }
}

/// A socket call failed while a test was setting up.
public struct SocketSetupError: Error {
    /// The call that failed.
    public let step: String
}

private func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

private func localPort(_ fd: Int32) throws -> Int {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let result = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard result == 0 else { throw SocketSetupError(step: "getsockname") }
    return Int(UInt16(bigEndian: address.sin_port))
}
