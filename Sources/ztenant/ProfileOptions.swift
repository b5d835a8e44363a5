import ArgumentParser
import ZuoraAPI

/// Profile fields shared by `add` and `edit`.
struct ProfileFieldOptions: ParsableArguments {
    @Option(help: "The tenant's REST base URL, e.g. https://rest.sandbox.na.zuora.com.")
    var url: String?

    @Option(help: "The API user name.")
    var user: String?

    @Option(help: "Enter this entity (by id) on a multi-entity tenant.")
    var entityId: String?

    @Option(help: "Enter this entity (by name) on a multi-entity tenant.")
    var entityName: String?

    @Flag(help: "Read the password from standard input (one line; the trailing newline is dropped).")
    var passwordStdin = false

    @Option(name: .customLong("tag"), help: ArgumentHelp("A label for grouping; repeat for several.", valueName: "tag"))
    var tags: [String] = []

    @Option(help: "Free-form notes.")
    var notes: String?

    @Option(help: ArgumentHelp("The tenant's session timeout in minutes (15 to 480, default 15).", valueName: "minutes"))
    var sessionTimeout: Int?

    func validate() throws {
        if entityId != nil && entityName != nil {
            throw ValidationError("give --entity-id or --entity-name, not both: Zuora rejects a login that names both")
        }
    }

    /// The entity selector the options ask for, if any.
    var entity: EntitySelector? {
        if let entityId { return .id(entityId) }
        if let entityName { return .name(entityName) }
        return nil
    }

    /// The password from standard input or a prompt.
    func readPassword(for user: String) throws -> Secret {
        if passwordStdin {
            return Secret(try SecretInput.readStandardInput(what: "password"))
        }
        return Secret(try SecretInput.prompt(
            "Zuora password for \(user): ",
            missing: "no password source: there is no terminal to ask on. Pipe the password in with --password-stdin.",
            exitCode: ExitStatus.usage))
    }
}
