import ArgumentParser
import Foundation
import ZTenantCore
import ZuoraAPI

/// `ztenant list`: every profile in a table.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List profiles with their environment, last check and session age (never a password).").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Flag(help: "One JSON object per line (schema 1).")
    var json = false

    @Option(help: ArgumentHelp("Only the profiles this filter matches: words, status:auth_failed, status:!ok, env:prod, dc:eu, tag:billing, host:… (docs/commands.md, Filters).", valueName: "filter"))
    var filter: String?

    func validate() throws {
        if let filter { _ = try ProfileFilter.parseOption(filter) }
    }

    func run() async throws {
        let (_, all) = try global.openVault()
        var payload = all
        if let filter {
            let parsed = try ProfileFilter.parseOption(filter)
            payload.profiles = all.profiles.filter { parsed.matches($0, lastStatus: all.status(of: $0.name)?.last.status) }
            if payload.profiles.isEmpty && !all.profiles.isEmpty {
                StandardError.write("ztenant: no profile matches --filter '\(TextSanitizer.sanitize(filter, limit: 200))' (of \(all.profiles.count)).\n")
                return
            }
        }
        if json {
            for profile in payload.profiles {
                StandardOutput.line(try ProfileDocument(profile, in: payload, includeHistory: false).jsonLine())
            }
            return
        }
        guard !payload.profiles.isEmpty else {
            StandardOutput.line("No profiles yet. Add one: ztenant add NAME --url URL --user USER")
            return
        }
        for line in ProfileSummary.table(payload, width: TerminalWidth.current()) { StandardOutput.line(line) }
    }
}

/// `ztenant show`: one profile in full.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one profile: every field (password masked), the last check with every reason, and recent history.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The profile (default: the active one).", completion: ProfileNameCompletion.kind)
    var name: String?

    @Flag(help: "One JSON object (schema 1) with the whole history.")
    var json = false

    func run() async throws {
        let (_, payload) = try global.openVault()
        let profile: Profile
        profile = payload.profiles[try payload.indexOf(try ActiveProfile.resolve(name, in: payload))]
        if json {
            StandardOutput.line(try ProfileDocument(profile, in: payload, includeHistory: true).jsonLine())
            return
        }
        let now = Date()
        let session = payload.sessions[profile.name]
        // Every field came from the vault, and so perhaps from an import that anyone could
        // have crafted: each is sanitized before it reaches the terminal (JSON escapes instead).
        func safe(_ text: String) -> String { TextSanitizer.sanitize(text, limit: 500) }
        var lines = [
            "\(payload.activeProfile == profile.name ? "* " : "")\(safe(profile.name))  [\(profile.environmentClass.badge)]",
            "  url              \(safe(profile.baseURL))",
            "  environment      \(profile.environmentClass.rawValue)" + (profile.classIsDeclared ? " (declared: not a Zuora host)" : ""),
            "  auth             \(profile.auth == .oauth ? "oauth (an OAuth client: POST /oauth/token)" : "password (POST /v1/connections)")",
            profile.auth == .oauth ? "  client id        \(safe(profile.user))" : "  user             \(safe(profile.user))",
            profile.auth == .oauth ? "  client secret    •••••••• (hidden)" : "  password         •••••••• (hidden)",
            "  entity           \(safe(profile.entity.summary))",
            "  tags             \(profile.tags.isEmpty ? "-" : safe(profile.tags.joined(separator: ", ")))",
            profile.auth == .oauth ? "  token lifetime   1 h (reused until 5 min before it ends)" : "  session timeout  \(profile.sessionTimeoutMinutes) min",
            "  session          \(session.map { "obtained \(Age.ago($0.obtainedAt, now: now)), \(SessionPolicy.isFresh($0, for: profile, now: now) ? "fresh" : "stale")" } ?? "none")",
        ]
        if !profile.notes.isEmpty { lines.append("  notes            \(safe(profile.notes))") }
        if let streak = payload.status(of: profile.name) {
            lines.append("  streak           \(StreakSummary.sentence(streak, now: now))")
        }
        if let last = payload.lastOutcome(of: profile.name) {
            lines.append("last check \(Age.ago(last.checkedAt, now: now)):")
            lines += OutcomeSummary.lines(for: last).map { "  " + $0 }
        } else {
            lines.append("never checked: ztenant check \(profile.name)")
        }
        let history = try payload.history(of: profile.name).suffix(10).reversed()
        if history.count > 1 {
            lines.append("history (newest first):")
            for entry in history {
                lines.append("  \(ISO8601.string(entry.checkedAt))  \(ProfileSummary.lastOutcome(entry))  \(ProfileSummary.latency(entry))")
            }
        }
        for line in lines { StandardOutput.line(line) }
    }
}

/// Picks the named profile, or the active one when no name is given.
enum ActiveProfile {
    static func resolve(_ name: String?, in payload: VaultPayload) throws -> String {
        if let name { return name }
        guard let active = payload.activeProfile else {
            throw CLIFailure("no profile named and no active profile: give a NAME, or mark one with `ztenant use NAME`.", exitCode: ExitStatus.noSuchProfile)
        }
        return active
    }
}

/// The width to lay tables out for: `$COLUMNS`, else the terminal's, else 80.
enum TerminalWidth {
    /// `$COLUMNS`, else the width of the terminal on `descriptor`, else 80.
    static func current(of descriptor: Int32 = STDOUT_FILENO) -> Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns >= 40 { return columns }
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 { return Int(size.ws_col) }
        return 80
    }
}

extension ProfileFilter {
    /// Parses a `--filter` value, or fails as a usage error (exit 2) that names the bad term.
    static func parseOption(_ text: String) throws -> ProfileFilter {
        do {
            return try ProfileFilter(text)
        } catch {
            throw ValidationError("--filter: \(TextSanitizer.sanitize(error.description, limit: 300))")
        }
    }
}
