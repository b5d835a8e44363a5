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
        // Each `.It Em NAME` opens a command's section, which runs to the next `.It Em` at the
        // same or a shallower `.Bl` depth: options are looked for in their own command's section.
        var sections: [String: ArraySlice<String>] = [:]
        var open: [(path: [String], depth: Int, start: Int)] = []
        var depth = 0
        func close(atOrBelow level: Int, at end: Int) {
            while let last = open.last, last.depth >= level {
                sections[last.path.joined(separator: " ")] = lines[last.start..<end]
                open.removeLast()
            }
        }
        for (index, line) in lines.enumerated() {
            if line.hasPrefix(".Bl") { depth += 1 }
            if line.hasPrefix(".El") { close(atOrBelow: depth, at: index); depth -= 1 }
            if line.hasPrefix(".It Em ") {
                close(atOrBelow: depth, at: index)
                let parent = open.last?.path ?? []
                open.append((parent + [String(line.dropFirst(7))], depth, index))
            }
        }
        close(atOrBelow: 0, at: lines.count)
        var missing: [String] = []
        var checked = 0
        func visit(_ command: Command, path: [String]) {
            for sub in command.subcommands ?? [] where sub.commandName != "help" {
                checked += 1
                let subPath = path + [sub.commandName]
                if sections[subPath.joined(separator: " ")] == nil { missing.append(subPath.joined(separator: " ")) }
                visit(sub, path: subPath)
            }
            let section = path.isEmpty ? lines[...] : (sections[path.joined(separator: " ")] ?? [])
            for argument in command.arguments ?? [] where argument.shouldDisplay != false {
                for name in argument.names ?? [] where name.kind == "long" && !["help", "version"].contains(name.name) {
                    checked += 1
                    if !section.contains(where: { $0.hasPrefix(".It Fl") && ($0 + " ").contains(" -\(name.name) ") }) {
                        missing.append((["ztenant"] + path).joined(separator: " ") + " --\(name.name)")
                    }
                }
            }
        }
        visit(root, path: [])
        #expect(checked > 60, "the dump lists the commands (\(checked) names)")
        #expect(missing.isEmpty, "not in docs/man/ztenant.1 (run scripts/manpage.sh): \(missing)")
    }
}
