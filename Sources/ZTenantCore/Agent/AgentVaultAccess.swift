import CredentialVault
import Foundation
import ZTenantAgent

/// How a command opens the vault with the agent's key before it asks for a passphrase
/// (docs/agent.md). Agent problems never stop a command: they become a note, and the command
/// falls back to the ordinary passphrase sources.
public struct AgentVaultAccess: Sendable {
    /// What asking the agent gave.
    public enum Outcome {
        /// Opened with the agent's key.
        case opened(vault: Vault<VaultPayload>, payload: VaultPayload)
        /// Not opened. `note` says why when the user should hear it (the agent locked the vault,
        /// or stopped); `warning` when something about the agent looked unsafe.
        case unavailable(note: String?, warning: String?)
    }

    /// The agent's client; nil when the agent is not to be asked.
    public var client: AgentClient?

    /// `--no-agent` or `ZTENANT_NO_AGENT=1` disable it.
    public static func resolve(environment: [String: String], disabled: Bool) -> AgentVaultAccess {
        let off = disabled || ["1", "true", "yes"].contains(environment["ZTENANT_NO_AGENT"]?.lowercased() ?? "")
        return AgentVaultAccess(client: off ? nil : AgentClient(location: AgentLocation.resolve(environment: environment)))
    }

    /// Creates access through `client` (nil: never ask).
    public init(client: AgentClient?) {
        self.client = client
    }

    /// The path a key is bound to: the vault's real path, so a symbolic link and its target
    /// share one key.
    public static func keyPath(for path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Opens the vault at `path` with the agent's key. `touch` slides the agent's idle deadline:
    /// true for a command a person ran, false for background work.
    ///
    /// - Throws: only what opening the vault itself throws once the agent handed a key that
    ///   matches the file (damage), never an agent problem.
    public func open(path: String, touch: Bool) throws -> Outcome {
        guard let client else { return .unavailable(note: nil, warning: nil) }
        let keyPath = Self.keyPath(for: path)
        // Whether the file was read: a file that cannot be (missing, damaged, format 1) is left
        // to the passphrase path, which says why as it always has.
        var read = false
        do {
            let answer = try Vault<VaultPayload>.withHeldKeyOpener(at: path) { binding, open in
                read = true
                return try client.withKey(path: keyPath, binding: binding, touch: touch, open)
            }
            switch answer {
            case .opened(let opened): return .opened(vault: opened.vault, payload: opened.payload)
            case .locked(let record): return .unavailable(note: Self.note(for: record), warning: nil)
            case .notHeld: return .unavailable(note: nil, warning: nil)
            }
        } catch let error as AgentError {
            switch error {
            case .notRunning(let stopped):
                return .unavailable(note: stopped.map { "the agent stopped \($0.summary)" }, warning: nil)
            case .unsafe(let message):
                return .unavailable(note: nil, warning: "not asking the agent: \(message)")
            case .refused, .protocolError, .startFailed:
                return .unavailable(note: nil, warning: "the agent did not answer: \(error.description)")
            }
        } catch where !read {
            return .unavailable(note: nil, warning: nil)
        }
    }

    /// What handing a key to the agent gave.
    public struct Kept: Sendable {
        /// The vault as the agent holds it, with its deadlines.
        public var vault: AgentUnlockedVault
        /// Whether this call started the agent.
        public var started: Bool
        /// Why the key is not in locked memory, or nil.
        public var memoryLockProblem: String?

        /// "locks at 09:27 unless used (idle 15m), at 17:12 at the latest (max 8h)".
        public var deadlines: String {
            "locks at \(AgentClock.timeOfDay(vault.idleDeadline)) unless used (idle \(AgentClock.duration(vault.idleSeconds))), at \(AgentClock.timeOfDay(vault.maximumDeadline)) at the latest (max \(AgentClock.duration(vault.maximumSeconds)))"
        }
    }

    /// Hands an open vault's data key to the agent at `client`'s location, starting
    /// `executable` as the agent when none answers (`ztenant unlock`, the TUI's offer). A format
    /// 1 vault is converted first: keys are bound to the format 2 identity.
    public static func keepUnlocked(_ vault: Vault<VaultPayload>, client: AgentClient, executable: String,
        environment: [String: String], idleSeconds: Double, maximumSeconds: Double) throws -> Kept
    {
        if vault.formatVersion == 1 { try vault.update { _ in } }
        guard let binding = vault.keyBinding else { throw AgentError.startFailed("\(vault.path) has no vault identity yet; run `ztenant doctor`") }
        let started = try AgentLauncher.ensureRunning(location: client.location, executable: executable, environment: environment)
        let stored = try vault.withDataKeyBytes { key in
            try client.store(path: keyPath(for: vault.path), binding: binding, idleSeconds: idleSeconds,
                maximumSeconds: maximumSeconds, key: key)
        }
        return Kept(vault: stored.vault, started: started, memoryLockProblem: stored.memoryLockProblem)
    }

    /// "the agent locked /path at 10:42: it was idle too long".
    public static func note(for record: AgentLockRecord) -> String {
        "the agent locked \(record.path) at \(AgentClock.timeOfDay(record.at)): \(record.reason.phrase)"
    }
}
