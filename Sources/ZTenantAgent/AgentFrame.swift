import CredentialVault

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One message of the agent protocol (docs/agent.md, "Protocol"):
///
/// ```
/// u32 BE   length of everything after this field (at most 64 KiB)
/// u8       protocol version (1)
/// u8       kind
/// u16 BE   metadata length M
/// M bytes  metadata: a UTF-8 JSON object
/// rest     secret bytes: a data key, only in `store` requests and `key` replies
/// ```
///
/// The secret bytes never pass through `String` or JSON: they are read into the frame's buffer,
/// copied from it into their destination, and the buffer is wiped (``wipe()``).
final class AgentFrame {
    /// The protocol version this build speaks.
    static let version: UInt8 = 1
    /// The longest frame accepted.
    static let maximumLength = 64 * 1024

    /// What the frame asks or answers.
    enum Kind: UInt8, Sendable {
        case status = 1
        case store = 2
        case fetch = 3
        case lock = 4
        case stop = 5
        /// Moves the agent's clock forward; honoured only by an agent started with
        /// `ZTENANT_AGENT_TEST_CLOCK=1` (the tests' idle and maximum expiry).
        case advanceClock = 0x7f
        case ok = 0x80
        case key = 0x81
        case refused = 0x82
    }

    let kind: Kind
    /// The JSON metadata.
    let metadata: [UInt8]
    /// The whole frame as received or built; the secret is its tail.
    private var bytes: [UInt8]
    private let secretStart: Int

    /// A frame with JSON metadata and optionally secret bytes, copied straight into the frame.
    init(kind: Kind, metadata: [UInt8], secret: UnsafeRawBufferPointer? = nil) {
        self.kind = kind
        // Metadata is ours and small (paths, times); a length that does not fit is a bug, and
        // is sent as an empty object rather than wrapped.
        let metadata = metadata.count <= 4096 ? metadata : Array("{}".utf8)
        self.metadata = metadata
        let secretCount = secret?.count ?? 0
        let length = 1 + 1 + 2 + metadata.count + secretCount
        var bytes = [UInt8]()
        bytes.reserveCapacity(4 + length)
        bytes += [UInt8(length >> 24 & 0xff), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
        bytes += [Self.version, kind.rawValue, UInt8(metadata.count >> 8 & 0xff), UInt8(metadata.count & 0xff)]
        bytes += metadata
        secretStart = bytes.count
        if let secret { bytes += secret }
        self.bytes = bytes
    }

    private init(kind: Kind, metadata: [UInt8], bytes: [UInt8], secretStart: Int) {
        self.kind = kind
        self.metadata = metadata
        self.bytes = bytes
        self.secretStart = secretStart
    }

    deinit {
        SecureWipe.zero(&bytes)
    }

    /// Lends the secret bytes (empty when there are none) to `body`.
    func withSecret<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[secretStart...])) }
    }

    /// Writes the whole frame to `fd`.
    func send(to fd: Int32) throws(AgentError) {
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: a peer that went away is an error here, not a SIGPIPE that ends the process.
            let written = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .protocolError("cannot write to the agent socket: \(AgentError.systemMessage())")
            }
            offset += written
        }
    }

    /// Reads one frame from `fd`, within `seconds` in all (a peer that trickles bytes is cut off).
    static func receive(from fd: Int32, within seconds: Double = 5) throws(AgentError) -> AgentFrame {
        let deadline = AgentClock.boottime() + seconds
        var prefix = [UInt8](repeating: 0, count: 4)
        try readExactly(fd, into: &prefix, from: 0, deadline: deadline)
        let length = Int(prefix[0]) << 24 | Int(prefix[1]) << 16 | Int(prefix[2]) << 8 | Int(prefix[3])
        guard length >= 4, length <= maximumLength else {
            throw .protocolError("the agent sent a frame of \(length) bytes (expected 4 to \(maximumLength))")
        }
        var bytes = [UInt8](repeating: 0, count: 4 + length)
        do { try readExactly(fd, into: &bytes, from: 4, deadline: deadline) } catch {
            // Part of a key may have arrived.
            SecureWipe.zero(&bytes)
            throw error
        }
        guard bytes[4] == version else {
            SecureWipe.zero(&bytes)
            throw .protocolError("the other end speaks agent protocol \(bytes[4]); this build speaks \(version). Stop the old agent with `ztenant agent stop` and unlock again")
        }
        guard let kind = Kind(rawValue: bytes[5]) else {
            SecureWipe.zero(&bytes)
            throw .protocolError("unknown agent message kind \(bytes[5])")
        }
        let metadataLength = Int(bytes[6]) << 8 | Int(bytes[7])
        guard 8 + metadataLength <= bytes.count else {
            SecureWipe.zero(&bytes)
            throw .protocolError("agent message metadata longer than its frame")
        }
        let metadata = Array(bytes[8..<(8 + metadataLength)])
        return AgentFrame(kind: kind, metadata: metadata, bytes: bytes, secretStart: 8 + metadataLength)
    }

    private static func readExactly(_ fd: Int32, into buffer: inout [UInt8], from start: Int, deadline: Double) throws(AgentError) {
        var offset = start
        while offset < buffer.count {
            guard AgentClock.boottime() < deadline else { throw .protocolError("the other end of the agent socket is too slow") }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw .protocolError("the other end of the agent socket stopped answering") }
                throw .protocolError("cannot read from the agent socket: \(AgentError.systemMessage())")
            }
            if count == 0 { throw .protocolError("the agent closed the connection mid-message") }
            offset += count
        }
    }
}
