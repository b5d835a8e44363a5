import ArgumentParser
import CredentialVault
import Foundation
import ZTenantAgent
import ZTenantCore
import ZTenantThemes

/// `ztenant unlock`: derive the vault's key once and hand its data key to the agent.
struct UnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Ask for the passphrase once and keep the vault unlocked in the agent.",
        discussion: """
            Starts the agent when none runs. The agent holds the vault's data key (never the passphrase) \
            and hands it to your own ztenant commands until the vault was unused for the idle time or \
            the maximum time passed; `ztenant lock` ends it at once. Defaults: agent.idle and agent.max \
            in config.toml, else 15m and 8h. See docs/agent.md.
            """).subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Lock after this long without a command: minutes, or 30s, 15m, 1h (default: agent.idle, else 15m).", valueName: "time"))
    var idle: String?

    @Option(help: ArgumentHelp("Lock this long after unlocking at the latest: hours, or 90m, 8h (default: agent.max, else 8h).", valueName: "time"))
    var max: String?

    func validate() throws {
        if let idle, AgentDuration.seconds(idle, bareUnit: "m") == nil {
            throw ValidationError("--idle must be a time from 1s to 7d: a number of minutes, or e.g. 30s, 15m, 1h (got '\(idle)')")
        }
        if let max, AgentDuration.seconds(max, bareUnit: "h") == nil {
            throw ValidationError("--max must be a time from 1s to 7d: a number of hours, or e.g. 90m, 8h (got '\(max)')")
        }
    }

    func run() throws {
        let settings = try global.settings()
        let idleSeconds = idle.flatMap { AgentDuration.seconds($0, bareUnit: "m") } ?? settings.agentIdleSeconds
        let maximumSeconds = max.flatMap { AgentDuration.seconds($0, bareUnit: "h") } ?? settings.agentMaximumSeconds
        var options = global
        // Unlocking proves the passphrase: the agent's key is never used to get another one.
        options.noAgent = true
        let (vault, _) = try options.openVault()
        let kept: AgentVaultAccess.Kept
        do {
            kept = try AgentVaultAccess.keepUnlocked(vault, client: global.agentClient, executable: ExecutableLocation.current(),
                environment: global.environment, idleSeconds: idleSeconds, maximumSeconds: maximumSeconds)
        } catch let error as AgentError {
            throw CLIFailure("cannot keep the vault unlocked: \(error.description)", exitCode: ExitStatus.unexpected)
        }
        StandardOutput.line("Unlocked \(kept.vault.path) in the agent\(kept.started ? " (started it)" : "").")
        StandardOutput.line("  \(kept.deadlines); `ztenant lock` locks it now.")
        if let problem = kept.memoryLockProblem {
            StandardError.write("ztenant: warning: \(problem)\n")
        }
    }
}

/// `ztenant lock`: the agent forgets every key now.
struct LockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "Make the agent forget every vault key now.",
        discussion: "The TUI's own lock (L) locks the TUI only; this locks everything the agent holds.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    func run() throws {
        do {
            let forgotten = try global.agentClient.lock()
            if forgotten.isEmpty {
                StandardOutput.line("The agent held no key; nothing to lock.")
            } else {
                StandardOutput.line("Locked: the agent forgot the key of \(forgotten.joined(separator: ", ")).")
            }
        } catch AgentError.notRunning {
            StandardOutput.line("No agent is running; nothing was unlocked.")
        } catch {
            throw CLIFailure("cannot reach the agent: \(error.description)", exitCode: ExitStatus.unexpected)
        }
    }
}

/// `ztenant agent`: the agent's state, and the agent process itself.
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Show or stop the agent that keeps vaults unlocked.",
        subcommands: [AgentStatusCommand.self, AgentStopCommand.self, AgentRunCommand.self],
        defaultSubcommand: AgentStatusCommand.self).subcommandOfZtenant()
}

/// `ztenant agent status`.
struct AgentStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Which vaults the agent holds unlocked, until when, and why others were locked.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let client = global.agentClient
        let location = client.location
        let status: AgentStatus
        do {
            status = try client.status()
        } catch AgentError.notRunning(let stopped) {
            if json {
                StandardOutput.line(AgentStatusText.json(nil, location: location, stopped: stopped))
            } else {
                StandardOutput.line("agent: not running (socket \(location.socket))")
                if let stopped { StandardOutput.line("  the last one stopped \(stopped.summary): every key it held was wiped") }
            }
            return
        } catch {
            throw CLIFailure("cannot reach the agent: \(error.description)", exitCode: ExitStatus.unexpected)
        }
        if json {
            StandardOutput.line(AgentStatusText.json(status, location: location, stopped: nil))
        } else {
            for line in AgentStatusText.lines(status, location: location) { StandardOutput.line(line) }
        }
    }
}

/// `ztenant agent stop`.
struct AgentStopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Make the agent forget every key and exit.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        do {
            try global.agentClient.stop()
            StandardOutput.line("Stopped the agent; every key it held was wiped.")
        } catch AgentError.notRunning {
            StandardOutput.line("No agent is running.")
        } catch {
            throw CLIFailure("cannot reach the agent: \(error.description)", exitCode: ExitStatus.unexpected)
        }
    }
}

/// `ztenant agent run`: the agent process (started by `unlock`; by hand for debugging).
struct AgentRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the agent in the foreground (unlock starts it for you).",
        shouldDisplay: false)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Report readiness on this descriptor (used by unlock).", valueName: "n"))
    var readyFd: Int32?

    func run() throws {
        let environment = global.environment
        #if DEBUG
        // The tests' clock (idle and maximum expiry); a release build has none.
        let testClock = environment["ZTENANT_AGENT_TEST_CLOCK"] == "1"
        #else
        let testClock = false
        #endif
        let status = AgentLauncher.runAgent(location: global.agentClient.location, readyFD: readyFd,
            testClock: testClock)
        if status != 0 { throw ExitCode(status) }
    }
}

/// How `agent status` prints.
enum AgentStatusText {
    static func lines(_ status: AgentStatus, location: AgentLocation) -> [String] {
        var lines = ["agent: running (pid \(status.pid)) since \(AgentClock.timeOfDay(status.startedAt)), socket \(location.socket)"]
        lines.append(status.memoryLocked ? "  keys in locked memory (never swapped), process not dumpable"
            : "  keys NOT in locked memory: \(status.memoryLockProblem ?? "mlock refused")")
        if status.vaults.isEmpty && status.locked.isEmpty { lines.append("  no vault unlocked") }
        for vault in status.vaults {
            lines.append("  unlocked  \(vault.path)  since \(AgentClock.timeOfDay(vault.unlockedAt))  idle lock \(AgentClock.timeOfDay(vault.idleDeadline)) (\(AgentClock.duration(vault.idleSeconds)))  max \(AgentClock.timeOfDay(vault.maximumDeadline)) (\(AgentClock.duration(vault.maximumSeconds)))")
        }
        for lock in status.locked {
            lines.append("  locked    \(lock.path)  at \(AgentClock.timeOfDay(lock.at)): \(lock.reason.rawValue) (\(lock.reason.phrase))")
        }
        return lines
    }

    static func json(_ status: AgentStatus?, location: AgentLocation, stopped: StoppedNote?) -> String {
        struct Document: Encodable {
            var schema = 1
            var running: Bool
            var socket: String
            var agent: AgentStatus?
            var lastStopped: StoppedNote?
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let document = Document(running: status != nil, socket: location.socket, agent: status, lastStopped: stopped)
        return (try? String(decoding: encoder.encode(document), as: UTF8.self)) ?? "{}"
    }
}
