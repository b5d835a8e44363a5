import ArgumentParser
import ZTenantCore
import ZuoraAPI

/// `ztenant add`: save a new profile.
struct AddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a profile (tenant URL, user, password, entity).",
        discussion: "The password is read from standard input with --password-stdin, or asked for on the terminal with echo off. With --verify the login is tried first and the profile is saved only if it works.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The profile's name: letters, digits, '-', '_', '.', '@'.")
    var name: String

    @OptionGroup var fields: ProfileFieldOptions

    @Flag(help: "Log in with the new credentials before saving; save only if the login works.")
    var verify = false

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if fields.url == nil { throw ValidationError("--url is required: the tenant's REST base URL") }
        if fields.user == nil { throw ValidationError("--user is required: the API user name") }
    }

    func run() async throws {
        let (vault, _) = try global.openVaultForWriting()
        let password = try fields.readPassword(for: fields.user ?? "")
        let profile = Profile(
            name: name, baseURL: fields.url ?? "", user: fields.user ?? "", password: password, entity: fields.entity ?? .none,
            tags: fields.tags, notes: fields.notes ?? "", sessionTimeoutMinutes: fields.sessionTimeout ?? 15,
            declaredClass: try fields.declaredClass(allowNone: false) ?? nil)
        let problems = ProfileValidation.problems(in: profile)
        if !problems.isEmpty { throw ProfileError.invalid(name: name, problems: problems) }

        var verified: ConnectionOutcome?
        if verify {
            let outcome = try await connection.withClient { await $0.connect(profile.credentials) }
            guard outcome.ok else {
                for line in OutcomeSummary.lines(for: outcome, profile: name) { StandardError.write(line + "\n") }
                throw CLIFailure("not saved: the login with these credentials failed (\(outcome.status.rawValue)). Fix them, or add without --verify to save anyway.", exitCode: outcome.status.exitCode)
            }
            verified = outcome
        }
        try vault.update { payload in
            try payload.add(profile)
            if let verified {
                payload.record(verified, for: name)
                if let session = verified.session {
                    payload.sessions[name] = StoredSession(value: session, obtainedAt: verified.checkedAt,
                        lastUsedAt: verified.checkedAt, fingerprint: profile.sessionFingerprint)
                }
            }
        }
        let badge = profile.environmentClass.badge
        StandardOutput.line("Added \(name) (\(badge) \(profile.host), user \(profile.user)\(verified != nil ? ", login verified" : "")).")
    }
}
