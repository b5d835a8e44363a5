import ArgumentParser
import CredentialVault
import Foundation
import ZTenantCore
import ZuoraAPI

/// Gets a session for a profile: cached if fresh, else a new login.
enum SessionLookup {
    static func provide(_ name: String?, global: GlobalOptions, connection: ConnectionOptions, refresh: Bool) async throws
        -> ProvidedSession
    {
        let (vault, payload) = try global.openVault()
        let target = try ActiveProfile.resolve(name, in: payload)
        do {
            return try await connection.withClient { client in
                try await SessionProvider(vault: vault, client: client).session(for: target, refresh: refresh)
            }
        } catch let error as SessionError {
            throw report(error, name: name)
        }
    }

    /// Says why no session could be had (the report once, no second summary line) and gives
    /// the exit to throw: the status's code.
    static func report(_ error: SessionError, name: String?) -> ExitCode {
        for line in OutcomeSummary.lines(for: error.outcome, profile: name) { StandardError.write(line + "\n") }
        if case .loginFailed(_, keptSession: true) = error {
            StandardError.write("ztenant: the previously stored session was kept, but it is probably expired.\n")
        }
        return ExitCode(error.outcome.status.exitCode)
    }

    /// An OAuth profile's token swapped for a ZSession. The kind is checked before any call;
    /// a stored token Zuora refuses (401) is replaced by a new one and the swap tried once more
    /// (docs/commands.md, OAuth clients).
    static func zsession(_ name: String?, global: GlobalOptions, connection: ConnectionOptions, refresh: Bool) async throws
        -> ProvidedSession
    {
        let (vault, payload) = try global.openVault()
        let target = try ActiveProfile.resolve(name, in: payload)
        let profile = payload.profiles[try payload.indexOf(target)]
        guard profile.auth == .oauth else {
            throw CLIFailure("--zsession is for OAuth profiles; \(profile.name) logs in with a password and its session is a ZSession already.",
                exitCode: ExitStatus.usage)
        }
        do {
            return try await connection.withClient { client in
                let provider = SessionProvider(vault: vault, client: client)
                var token = try await provider.session(for: target, refresh: refresh)
                let entities = profile.oauthCredentials.entityIds
                var outcome = await client.exchange(token: token.session, baseURL: profile.baseURL, entityIds: entities)
                if outcome.httpStatus == 401 && token.reused {
                    token = try await provider.session(for: target, refresh: true)
                    outcome = await client.exchange(token: token.session, baseURL: profile.baseURL, entityIds: entities)
                }
                guard outcome.ok, let session = outcome.session else {
                    for line in OutcomeSummary.lines(for: outcome, profile: profile.name) { StandardError.write(line + "\n") }
                    throw ExitCode(outcome.status.exitCode)
                }
                // The ZSession is handed out, not stored: the token is what the vault keeps.
                return ProvidedSession(profile: profile, session: session, obtainedAt: outcome.checkedAt, reused: false, outcome: outcome)
            }
        } catch let error as SessionError {
            throw report(error, name: name)
        }
    }
}

/// `ztenant use`: mark a profile active and make sure it has a session.
struct UseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "use",
        abstract: "Mark a profile active (the default for other commands) and log in if its session is not fresh.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The profile.", completion: ProfileNameCompletion.kind)
    var name: String

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let (vault, payload) = try global.openVaultForWriting()
        // Only a change is written: using the profile already active rewrites nothing.
        if payload.activeProfile != name { try vault.update { try $0.setActive(name) } }
        do {
            let provided = try await connection.withClient { client in
                try await SessionProvider(vault: vault, client: client).session(for: name)
            }
            let how = provided.reused ? "reusing the session from \(Age.ago(provided.obtainedAt))" : "logged in"
            StandardOutput.line("Now using \(name) (\(provided.profile.environmentClass.badge) \(provided.profile.host)); \(how).")
        } catch let error as SessionError {
            StandardOutput.line("Now using \(name), but logging in failed:")
            for line in OutcomeSummary.lines(for: error.outcome, profile: name) { StandardOutput.line(line) }
            throw ExitCode(error.outcome.status.exitCode)
        }
    }
}

/// `ztenant current`: the active profile.
struct CurrentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "current",
        abstract: "Print the active profile.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Flag(help: "The profile as a JSON object (schema 1).")
    var json = false

    func run() async throws {
        let (_, payload) = try global.openVault()
        guard let active = payload.activeProfile, let profile = payload.profile(named: active) else {
            throw CLIFailure("no active profile: mark one with `ztenant use NAME`.", exitCode: ExitStatus.noSuchProfile)
        }
        if json {
            StandardOutput.line(try ProfileDocument(profile, in: payload, includeHistory: false).jsonLine())
        } else {
            let session = ProfileSummary.sessionAge(payload.sessions[active], profile: profile, now: Date())
            StandardOutput.line("\(active)  \(profile.environmentClass.badge)  \(profile.host)  \(profile.user)  session \(session)")
        }
    }
}

/// `ztenant session`: print a valid ZSession.
struct SessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Print a valid ZSession for a profile: the cached one while fresh, else a new login.",
        discussion: "The session is printed on standard output and nothing else is; use it as `Cookie: ZSession=$(ztenant session NAME)`. A cached session is reused while it is younger than the profile's session timeout minus 2 minutes.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The profile (default: the active one).", completion: ProfileNameCompletion.kind)
    var name: String?

    @Flag(help: "Log in again even if the cached session is fresh.")
    var refresh = false

    @Flag(help: "A JSON object with the session, its profile and age (schema 1).")
    var json = false

    @Flag(help: "For an OAuth profile: swap its access token for a ZSession (POST /v1/connections with the bearer header), for tools that need a cookie.")
    var zsession = false

    @OptionGroup var connection: ConnectionOptions

    struct Document: Encodable {
        let schema = 1
        let profile: String
        let url: String
        let session: String
        let obtainedAt: String
        let reused: Bool
    }

    func run() async throws {
        let provided = zsession
            ? try await SessionLookup.zsession(name, global: global, connection: connection, refresh: refresh)
            : try await SessionLookup.provide(name, global: global, connection: connection, refresh: refresh)
        if json {
            StandardOutput.line(JSONLine.encode(Document(profile: provided.profile.name, url: provided.profile.baseURL,
                session: provided.session.reveal(), obtainedAt: ISO8601.string(provided.obtainedAt), reused: provided.reused)))
        } else {
            StandardOutput.line(provided.session.reveal())
        }
    }
}

/// `ztenant env`: shell lines exporting the session.
struct EnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Print `export` lines for a profile's session, for `eval \"$(ztenant env NAME)\"`.",
        discussion: "Sets ZUORA_BASE_URL, ZUORA_SESSION, ZUORA_PROFILE, ZUORA_ENTITY_ID or ZUORA_ENTITY_NAME when set, and ZUORA_SESSION_OBTAINED_AT. For an OAuth profile ZUORA_ACCESS_TOKEN and ZUORA_AUTHORIZATION ('Bearer …') replace ZUORA_SESSION, and ZUORA_ENTITY_IDS carries its entity id. Values are single-quoted so the shell never interprets them.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The profile (default: the active one).", completion: ProfileNameCompletion.kind)
    var name: String?

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let provided = try await SessionLookup.provide(name, global: global, connection: connection, refresh: false)
        let variables = SessionVariables.session(provided)
        for (key, value) in variables {
            StandardOutput.line("export \(key)=\(ShellQuote.quote(value))")
        }
        // Another profile's session, token or entity from an earlier eval must not linger
        // beside this one's URL.
        let stale = SessionVariables.unset(besides: variables)
        if !stale.isEmpty { StandardOutput.line("unset " + stale.joined(separator: " ")) }
    }
}

/// Quotes a value for a POSIX shell: single quotes, with `'` written as `'\''`.
enum ShellQuote {
    static func quote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// `ztenant exec`: run a command with the session in its environment.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command with a profile's session in its environment; exit with its status.",
        discussion: "ztenant exec NAME -- CMD [ARG...]. The command replaces ztenant (same process id, signals and exit status go straight to it). Variables as for `env`.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The profile.", completion: ProfileNameCompletion.kind)
    var name: String

    @OptionGroup var connection: ConnectionOptions

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after `--`.")
    var command: [String] = []

    func validate() throws {
        if command.isEmpty { throw ValidationError("give the command to run after `--`, e.g. ztenant exec \(name) -- ./report.sh") }
    }

    func run() async throws {
        let provided = try await SessionLookup.provide(name, global: global, connection: connection, refresh: false)
        SessionVariables.export(SessionVariables.session(provided))
        // Only the session is handed over: no passphrase, descriptor or signal setting of ours.
        ExecHandoff.prepare()
        let arguments = command.map { strdup($0) } + [nil]
        execvp(command[0], arguments)
        let reason = String(cString: strerror(errno))
        let code: Int32 = errno == ENOENT ? 127 : 126
        throw CLIFailure("cannot run \(command[0]): \(reason).", exitCode: code)
    }
}

