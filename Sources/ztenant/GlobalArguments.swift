/// Lets the options every command shares (`--vault`, `--passphrase-fd`, `--no-color`) stand
/// before the subcommand as well as after it: `ztenant --vault X list` means
/// `ztenant list --vault X`.
///
/// The argument parser gives options before a subcommand to the root command, whose
/// default subcommand is the TUI, so without this `ztenant --vault X list` would be read as
/// the TUI's `--vault` followed by a stray `list`.
enum GlobalArguments {
    /// Options that take a value.
    static let valued: Set<String> = ["--vault", "--passphrase-fd"]
    /// Flags.
    static let flags: Set<String> = ["--no-color"]

    /// The arguments with the shared options that precede the first subcommand name moved
    /// right after it. Anything else, and everything after the subcommand, is left as it is.
    static func hoist(_ arguments: [String], subcommands: Set<String>) -> [String] {
        var moved: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" { return arguments }
            if subcommands.contains(argument) {
                // Everything before it is a shared option (anything else returned early below).
                return [argument] + moved + Array(arguments[(index + 1)...])
            }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if valued.contains(name) {
                moved.append(argument)
                if !argument.contains("="), index + 1 < arguments.endIndex {
                    moved.append(arguments[index + 1])
                    index += 1
                }
            } else if flags.contains(argument) {
                moved.append(argument)
            } else {
                // An option we do not know before the subcommand: leave everything for the parser
                // to report as it sees it.
                return arguments
            }
            index += 1
        }
        return arguments
    }
}
