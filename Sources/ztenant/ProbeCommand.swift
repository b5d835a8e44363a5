import ArgumentParser
import Foundation
import ZTenantCore
import ZuoraAPI

/// `ztenant probe`: one connection call with ad-hoc credentials, no vault.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Log in once with ad-hoc credentials and report exactly how it went.",
        discussion: """
            The password is read from standard input (--password-stdin) or asked for on the \
            terminal with echo off; it is never accepted as an argument. With --client-id instead \
            of --user it asks Zuora's OAuth token endpoint ({base}/oauth/token) for a token, with \
            the secret from --client-secret-stdin or the terminal, and shows which tenant, user \
            and entities the client belongs to. The exit code is the \
            outcome's: 0 ok, 20 auth_failed, 21 permission_denied or entity_error, 22 timeout, \
            network_error or tls_error, 23 rate_limited, 24 server_error or protocol_error, \
            2 invalid_profile or bad input.
            """).subcommandOfZtenant()

    /// Accepted so the shared options work before or after every subcommand; no vault is opened.
    @OptionGroup var global: GlobalOptions

    @Option(help: "The tenant's REST base URL, e.g. https://rest.sandbox.na.zuora.com.")
    var url: String

    @Option(help: "The API user name (a password login).")
    var user: String?

    @Option(help: "An OAuth client's id, instead of --user (POST /oauth/token).")
    var clientId: String?

    @Flag(help: "Read the OAuth client secret from standard input.")
    var clientSecretStdin = false

    @Option(help: "Enter this entity (by id) of a multi-entity tenant.")
    var entityId: String?

    @Option(help: "Enter this entity (by name) of a multi-entity tenant.")
    var entityName: String?

    @Flag(help: "Read the password from standard input.")
    var passwordStdin = false

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print one JSON object (schema 1) instead of text.")
    var json = false

    func validate() throws {
        if (user == nil) == (clientId == nil) {
            throw ValidationError("give --user (a password login) or --client-id (an OAuth client), one of them")
        }
        if clientId != nil && (passwordStdin || entityName != nil) {
            throw ValidationError("an OAuth client has no password or entity name: use --client-secret-stdin and --entity-id")
        }
        if user != nil && clientSecretStdin {
            throw ValidationError("--client-secret-stdin goes with --client-id, not --user")
        }
        if entityId != nil && entityName != nil {
            throw ValidationError("give --entity-id or --entity-name, not both: Zuora rejects a login that names both")
        }
    }

    func run() async throws {
        if let clientId {
            try await probeClient(clientId)
            return
        }
        let user = user ?? ""
        let password: String
        if passwordStdin {
            password = try SecretInput.readStandardInput(what: "password")
        } else {
            password = try SecretInput.prompt(
                "Password for \(user): ",
                missing: "no password source: there is no terminal to ask on. Pipe the password in with --password-stdin.",
                exitCode: ExitStatus.usage)
        }
        let entity: EntitySelector = entityId.map(EntitySelector.id) ?? entityName.map(EntitySelector.name) ?? .none
        let credentials = ConnectionCredentials(baseURL: url, user: user, password: Secret(password), entity: entity)

        let outcome = try await connection.withClient { await $0.connect(credentials) }
        try report(outcome)
    }

    /// The OAuth token call with a client's id and secret.
    private func probeClient(_ clientId: String) async throws {
        let secret = try SecretInput.clientSecret(for: clientId, fromStandardInput: clientSecretStdin)
        let credentials = OAuthCredentials(baseURL: url, clientId: clientId, clientSecret: secret, entityIds: entityId.map { [$0] } ?? [])
        let outcome = try await connection.withClient { await $0.token(credentials) }
        try report(outcome)
    }

    private func report(_ outcome: ConnectionOutcome) throws {
        if json {
            StandardOutput.line(OutcomeDocument(profile: nil, outcome: outcome).jsonLine())
        } else {
            for line in OutcomeSummary.lines(for: outcome) { StandardOutput.line(line) }
        }
        if outcome.status != .ok {
            throw ExitCode(outcome.status.exitCode)
        }
    }
}
