import ArgumentParser
import Foundation
import ZTenantCore

/// `ztenant shell`: a shell (or a command) with a profile's fresh session in its environment.
struct ShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Start $SHELL (or the command after --) with a profile's fresh session in its environment.",
        discussion: """
            The variables of `env`, plus ZTENANT_PROFILE, ZTENANT_ENV_CLASS (production, sandbox, test or custom) \
            and ZTENANT_SESSION_EXPIRES_AT (Unix seconds), which `ztenant prompt` shows. Exiting returns to the \
            shell you came from; nothing changes in other terminals. Inside such a shell another `ztenant shell` \
            is refused unless --nest.
            """).subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The profile (default: the active one).", completion: ProfileNameCompletion.kind)
    var name: String?

    @Flag(help: "Start one inside a ztenant shell anyway.")
    var nest = false

    @OptionGroup var connection: ConnectionOptions

    @Argument(parsing: .postTerminator, help: "A command to run instead of $SHELL, after `--`.")
    var command: [String] = []

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        if let current = environment[PromptSegment.profileVariable], !current.isEmpty, !nest {
            throw CLIFailure("already in a ztenant shell for \(current): exit it first, or pass --nest to start one inside it.",
                exitCode: ExitStatus.usage)
        }
        let provided = try await SessionLookup.provide(name, global: global, connection: connection, refresh: false)
        SessionVariables.export(SessionVariables.shell(provided))
        let program = command.isEmpty ? [environment["SHELL"].flatMap { $0.isEmpty ? nil : $0 } ?? "/bin/sh"] : command
        // Only the session is handed over: no passphrase, descriptor or signal setting of ours.
        ExecHandoff.prepare()
        let arguments = program.map { strdup($0) } + [nil]
        execvp(program[0], arguments)
        let reason = String(cString: strerror(errno))
        throw CLIFailure("cannot run \(program[0]): \(reason).", exitCode: errno == ENOENT ? 127 : 126)
    }
}

/// `ztenant prompt`: the prompt segment of a ztenant shell, from the environment only.
struct PromptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt",
        abstract: "Print the prompt segment of a ztenant shell (nothing outside one), or --init shell code that needs no process.",
        discussion: """
            Reads only the environment: no vault, no agent, no network. Placeholders for --format: {marker} \
            (⎈ for production), {class}, {profile}, {left} (12m, <1m or expired), {minutes}. \
            `eval "$(ztenant prompt --init bash)"` (or zsh) keeps $ZTENANT_PROMPT up to date before every prompt \
            with shell builtins alone, for PS1; the command itself serves starship and scripts.
            """).subcommandOfZtenant()

    @Option(help: "The segment's format.")
    var format = PromptSegment.defaultFormat

    @Option(help: ArgumentHelp("Print the shell code for bash or zsh instead.", valueName: "shell"))
    var `init`: String?

    func run() throws {
        if let shell = `init` {
            guard let code = PromptSegment.shellFunction(for: shell) else {
                throw CLIFailure("no prompt code for \(shell): use bash or zsh (starship and others can run `ztenant prompt`).",
                    exitCode: ExitStatus.usage)
            }
            StandardOutput.line(code)
            return
        }
        Self.printSegment(format: format)
    }

    /// Prints the segment for this process's environment, or nothing outside a ztenant shell.
    static func printSegment(format: String = PromptSegment.defaultFormat) {
        if let segment = PromptSegment.render(environment: ProcessInfo.processInfo.environment, format: format) {
            StandardOutput.line(segment)
        }
    }
}
