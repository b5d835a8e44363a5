import Foundation
import Testing
import TestSupport

/// The committed manual (docs/man/ztenant.1, made by scripts/manpage.sh) against the commands
/// the binary really has: a new subcommand or option fails here until the page is regenerated.
@Suite("The committed man page covers every subcommand and option")
struct ManPageTests {
    struct Command: Decodable {
        struct Argument: Decodable {
            struct Name: Decodable {
                var kind: String
                var name: String
            }
            var names: [Name]?
            var shouldDisplay: Bool?
        }
        var commandName: String
        var arguments: [Argument]?
        var subcommands: [Command]?
    }

    struct Dump: Decodable {
        var command: Command
    }

    @Test func everySubcommandAndLongOptionIsInTheManual() async throws {
        let dumped = try await ProcessRunner.ztenant(["--experimental-dump-help"])
        #expect(dumped.status == 0)
        let root = try JSONDecoder().decode(Dump.self, from: Data(dumped.stdout.utf8)).command
        let page = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/man/ztenant.1"), encoding: .utf8)
        let lines = page.components(separatedBy: "\n")
        var missing: [String] = []
        var checked = 0
        func visit(_ command: Command, path: String) {
            for sub in command.subcommands ?? [] {
                checked += 1
                if !lines.contains(".It Em \(sub.commandName)") { missing.append("\(path) \(sub.commandName)") }
                visit(sub, path: "\(path) \(sub.commandName)")
            }
            for argument in command.arguments ?? [] where argument.shouldDisplay != false {
                for name in argument.names ?? [] where name.kind == "long" {
                    checked += 1
                    if !page.contains("Fl -\(name.name)") { missing.append("\(path) --\(name.name)") }
                }
            }
        }
        visit(root, path: "ztenant")
        #expect(checked > 60, "the dump lists the commands (\(checked) names)")
        #expect(missing.isEmpty, "not in docs/man/ztenant.1 (run scripts/manpage.sh): \(missing)")
    }
}
