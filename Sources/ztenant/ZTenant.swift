import ArgumentParser
import Foundation

/// The `ztenant` command: a thin shell over the core, one file per subcommand.
@main
struct ZTenant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ztenant",
        abstract: "A terminal credential manager for Zuora tenants.",
        discussion: ExitStatus.helpText,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, AddCommand.self, EditCommand.self, RemoveCommand.self, RenameCommand.self, ListCommand.self,
            ShowCommand.self, CheckCommand.self, UseCommand.self, CurrentCommand.self, SessionCommand.self, EnvCommand.self,
            ExecCommand.self, ShellCommand.self, PromptCommand.self, UnlockCommand.self, LockCommand.self, AgentCommand.self, RekeyCommand.self, ExportCommand.self, ImportCommand.self, DoctorCommand.self, PathsCommand.self,
            ProbeCommand.self, MockCommand.self, TUICommand.self, DemoCommand.self, ThemesCommand.self, ConfigCommand.self,
        ],
        defaultSubcommand: TUICommand.self)

    /// Runs the command, mapping argument errors to exit 2 (docs/commands.md) instead of the
    /// argument parser's 64.
    static func main() async {
        // `ztenant prompt` may run before every shell prompt: without options it needs nothing
        // of the argument parser, whose set-up costs more than the segment itself.
        if CommandLine.arguments.count == 2, CommandLine.arguments[1] == "prompt" {
            PromptCommand.printSegment()
            return
        }
        do {
            var command = try parseCommand(Array(CommandLine.arguments.dropFirst()))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // The one place errors become messages and exit codes: the argument parser's own
            // (help, --version, ExitCode, usage errors) go its way, everything else — the core's
            // errors and CLIFailure — through CLIFailure.from.
            let code = exitCode(for: error)
            if code == .validationFailure {
                StandardError.write(fullMessage(for: error) + "\n")
                Foundation.exit(ExitStatus.usage)
            }
            if error is ExitCode || error is CleanExit || code != .failure {
                exit(withError: error)
            }
            let failure = CLIFailure.from(error)
            StandardError.write("ztenant: \(failure.message)\n")
            Foundation.exit(failure.exitCode)
        }
    }

    /// The command the arguments name, parsed.
    ///
    /// Building the whole command tree costs more than a short command itself (the argument
    /// parser reflects over every subcommand's options), so a subcommand named first is parsed
    /// on its own. Anything that tree would read differently (help, completion scripts, a
    /// version request) or any argument error goes through the whole tree, so messages and
    /// usage lines are the same either way.
    static func parseCommand(_ arguments: [String]) throws -> any ParsableCommand {
        let subcommands = configuration.subcommands
        let names = Set(subcommands.compactMap { $0.configuration.commandName })
        let hoisted = GlobalArguments.hoist(arguments, subcommands: names)
        if let first = hoisted.first,
           let subcommand = subcommands.first(where: { $0.configuration.commandName == first }),
           !hoisted.prefix(while: { $0 != "--" }).contains(where: needsWholeTree),
           let command = try? subcommand.parseAsRoot(Array(hoisted.dropFirst())) {
            return command
        }
        return try parseAsRoot(hoisted)
    }

    /// Arguments only the whole command tree answers as users expect.
    private static func needsWholeTree(_ argument: String) -> Bool {
        ["-h", "--help", "-help", "help", "--version", "--experimental-dump-help"].contains(argument)
            || argument.hasPrefix("--generate-completion-script") || argument.hasPrefix("---completion")
    }
}
