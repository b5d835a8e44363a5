#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the agent could not be used.
public enum AgentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No agent listens; `stopped` says when and why the last one stopped, when it said so.
    case notRunning(stopped: StoppedNote?)
    /// The folder, the socket or the process at the other end is not this user's.
    case unsafe(String)
    /// The agent refused the request.
    case refused(String)
    /// A frame that does not follow the protocol, or a broken connection.
    case protocolError(String)
    /// The agent could not be started.
    case startFailed(String)

    public var description: String {
        switch self {
        case .notRunning(let stopped):
            if let stopped { return "no agent is running (the last one stopped \(stopped.summary))" }
            return "no agent is running"
        case .unsafe(let message), .refused(let message), .protocolError(let message), .startFailed(let message):
            return message
        }
    }

    static func systemMessage() -> String {
        String(cString: strerror(errno))
    }
}
