import CredentialVault
import Foundation

/// Why the agent no longer holds a vault's key.
public enum LockReason: String, Sendable, Codable, Equatable {
    /// No command used it for the idle time.
    case idle
    /// `ztenant lock` (or `agent stop`).
    case explicit
    /// The maximum lifetime since `ztenant unlock` passed.
    case maximum
    /// The vault was rekeyed since it was unlocked.
    case rekeyed
    /// The file is another vault now.
    case replaced
    /// The agent stopped (a signal or `agent stop`).
    case stopped

    /// A phrase for messages: "locked because …".
    public var phrase: String {
        switch self {
        case .idle: "it was idle too long"
        case .explicit: "`ztenant lock` locked it"
        case .maximum: "its maximum unlocked time passed"
        case .rekeyed: "the vault was rekeyed since it was unlocked"
        case .replaced: "the file is another vault than the one unlocked"
        case .stopped: "the agent stopped"
        }
    }
}

/// A vault the agent locked, and why.
public struct AgentLockRecord: Sendable, Codable, Equatable {
    /// The vault file (its real path).
    public var path: String
    /// Why.
    public var reason: LockReason
    /// When, in Unix seconds.
    public var at: Double
}

/// A vault whose key the agent holds.
public struct AgentUnlockedVault: Sendable, Codable, Equatable {
    /// The vault file (its real path).
    public var path: String
    /// Its identity.
    public var identity: String
    /// When it was unlocked, in Unix seconds.
    public var unlockedAt: Double
    /// When a command last used it.
    public var lastUsedAt: Double
    /// When it locks unless a command uses it before.
    public var idleDeadline: Double
    /// When it locks at the latest.
    public var maximumDeadline: Double
    /// The idle time in seconds.
    public var idleSeconds: Double
    /// The maximum lifetime in seconds.
    public var maximumSeconds: Double
}

/// The agent's answer to `status`.
public struct AgentStatus: Sendable, Codable, Equatable {
    /// The protocol version.
    public var protocolVersion: Int
    /// The agent's process id.
    public var pid: Int32
    /// When it started, in Unix seconds.
    public var startedAt: Double
    /// Whether the keys are in locked memory (never swapped out).
    public var memoryLocked: Bool
    /// Why they are not, when they are not.
    public var memoryLockProblem: String?
    /// The vaults it holds keys for.
    public var vaults: [AgentUnlockedVault]
    /// Vaults it locked since it started, the latest per path.
    public var locked: [AgentLockRecord]
}

/// Request metadata.
struct StoreRequest: Codable {
    var path: String
    var binding: VaultKeyBinding
    var idleSeconds: Double
    var maximumSeconds: Double
}

struct FetchRequest: Codable {
    var path: String
    var binding: VaultKeyBinding
    /// Whether this use slides the idle deadline (a command a person ran).
    var touch: Bool
}

struct LockRequest: Codable {
    /// One vault, or every vault when nil.
    var path: String?
    /// Why, when not `ztenant lock`: `rekey` says `rekeyed`.
    var reason: LockReason?
}

struct ClockRequest: Codable {
    var seconds: Double
}

/// Reply metadata.
struct Refusal: Codable {
    var message: String
    /// Set when the agent locked the vault asked for.
    var lock: AgentLockRecord?
}

struct StoredReply: Codable {
    var vault: AgentUnlockedVault
    /// Why the key is not in locked memory, or nil when it is.
    var memoryLockProblem: String?
}

struct LockedReply: Codable {
    var forgotten: [String]
}

enum AgentJSON {
    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws(AgentError) -> T {
        do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch {
            throw .protocolError("unreadable agent message metadata (\(T.self))")
        }
    }
}
