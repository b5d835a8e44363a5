import ArgumentParser
import ZTenantCore
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

    @Option(help: ArgumentHelp("For a host that is not Zuora's (a proxy, a vanity URL): production, sandbox or test, which drives the PROD badge, grouping and the TUI's production guard (edit: none removes it).", valueName: "class"))
    var envClass: String?

    /// The class `--env-class` declares: `.some(nil)` for `none`, nil when not given.
    func declaredClass(allowNone: Bool) throws -> EnvironmentClass?? {
        guard let envClass else { return nil }
        switch envClass.lowercased() {
        case "production", "prod": return .some(.production)
        case "sandbox": return .some(.sandbox)
        case "test": return .some(.test)
        case "none" where allowNone: return .some(nil)
        default:
            throw ValidationError("--env-class must be production, sandbox or test\(allowNone ? " (or none to remove it)" : ""), not '\(TextSanitizer.sanitize(envClass, limit: 40))'")
        }
    }

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
