import ArgumentParser
import ZTenantCore
import ZuoraAPI

/// `ztenant add`: save a new profile.
struct AddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a profile (tenant URL, user, password, entity), or an OAuth client (URL, client id, secret).",
        discussion: "The password is read from standard input with --password-stdin, or asked for on the terminal with echo off. An OAuth client is added with --client-id instead of --user; its secret comes from --client-secret-stdin or the terminal, never an argument, and --entity-id may name its entity (sent as the Zuora-Entity-Ids header). With --verify the login is tried first and the profile is saved only if it works.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The profile's name: letters, digits, '-', '_', '.', '@'.")
    var name: String

    @OptionGroup var fields: ProfileFieldOptions

    @Option(help: "An OAuth client's id, instead of --user: the profile logs in with POST /oauth/token.")
    var clientId: String?

    @Flag(help: "Read the OAuth client secret from standard input (one line).")
    var clientSecretStdin = false

    @Flag(help: "Log in with the new credentials before saving; save only if the login works.")
    var verify = false

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if fields.url == nil { throw ValidationError("--url is required: the tenant's REST base URL") }
        if (fields.user == nil) == (clientId == nil) {
            throw ValidationError("give --user (a user with a password) or --client-id (an OAuth client), one of them")
        }
        if clientId != nil && (fields.passwordStdin || fields.entityName != nil) {
            throw ValidationError("an OAuth client has a secret, not a password, and entity ids, not names: use --client-secret-stdin and --entity-id")
        }
        if fields.user != nil && clientSecretStdin { throw ValidationError("--client-secret-stdin goes with --client-id") }
    }

    func run() async throws {
        let (vault, _) = try global.openVaultForWriting()
        let password = try clientId.map { try SecretInput.clientSecret(for: $0, fromStandardInput: clientSecretStdin) }
            ?? fields.readPassword(for: fields.user ?? "")
        let profile = Profile(
            name: name, baseURL: fields.url ?? "", user: clientId ?? fields.user ?? "", password: password, entity: fields.entity ?? .none,
            tags: fields.tags, notes: fields.notes ?? "", sessionTimeoutMinutes: fields.sessionTimeout ?? 15,
            declaredClass: try fields.declaredClass(allowNone: false) ?? nil, auth: clientId == nil ? .password : .oauth)
        let problems = ProfileValidation.problems(in: profile)
        if !problems.isEmpty { throw ProfileError.invalid(name: name, problems: problems) }

        var verified: ConnectionOutcome?
        if verify {
            let outcome = try await connection.withClient { await $0.login(profile) }
            guard outcome.ok else {
                for line in OutcomeSummary.lines(for: outcome, profile: name) { StandardError.write(line + "\n") }
                throw CLIFailure("not saved: the login with these credentials failed (\(outcome.status.rawValue)). Fix them, or add without --verify to save anyway.", exitCode: outcome.status.exitCode)
            }
            verified = outcome
        }
        try vault.update { payload in
            try payload.add(profile)
            if let verified { payload.recordLogin(verified, for: profile, usedAt: verified.checkedAt) }
        }
        let badge = profile.environmentClass.badge
        let who = profile.auth == .oauth ? "OAuth client \(profile.user)" : "user \(profile.user)"
        StandardOutput.line("Added \(name) (\(badge) \(profile.host), \(who)\(verified != nil ? ", login verified" : "")).")
    }
}
