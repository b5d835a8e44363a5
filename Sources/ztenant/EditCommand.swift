import ArgumentParser
import ZTenantCore
import ZuoraAPI

/// `ztenant edit`: change a profile's fields.
struct EditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change a profile. Only the options given change.",
        discussion: "--password-stdin or --password replaces the password. --tag replaces all tags; --no-entity removes the entity. Changing the URL, user, entity or password forgets the stored session.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The profile to change.", completion: ProfileNameCompletion.kind)
    var name: String

    @OptionGroup var fields: ProfileFieldOptions

    @Flag(name: .customLong("password"), help: "Ask for a new password on the terminal.")
    var askPassword = false

    @Flag(help: "Remove the entity (log in to the user's default entity).")
    var noEntity = false

    func validate() throws {
        if noEntity && fields.entity != nil { throw ValidationError("--no-entity and --entity-id/--entity-name contradict each other") }
        if askPassword && fields.passwordStdin { throw ValidationError("give --password or --password-stdin, not both") }
    }

    func run() async throws {
        let (vault, payload) = try global.openVaultForWriting()
        let existing: Profile
        existing = payload.profiles[try payload.indexOf(name)]
        let password = askPassword || fields.passwordStdin ? try fields.readPassword(for: fields.user ?? existing.user) : nil
        let declared = try fields.declaredClass(allowNone: true)
        let edited: Profile
        (edited, _) = try vault.update { payload in
            try payload.edit(name) { profile in
                if let url = fields.url { profile.baseURL = url }
                if let user = fields.user { profile.user = user }
                if let entity = fields.entity { profile.entity = entity }
                if noEntity { profile.entity = .none }
                if let password { profile.password = password }
                if !fields.tags.isEmpty { profile.tags = fields.tags }
                if let notes = fields.notes { profile.notes = notes }
                if let minutes = fields.sessionTimeout { profile.sessionTimeoutMinutes = minutes }
                if let declared {
                    profile.declaredClass = declared
                } else if fields.url != nil, ZuoraEnvironment.matching(url: profile.baseURL) != nil {
                    // Moved to one of Zuora's hosts: its class is known now.
                    profile.declaredClass = nil
                }
            }
        }
        var changes: [String] = []
        if edited.baseURL != existing.baseURL { changes.append("url") }
        if edited.user != existing.user { changes.append("user") }
        if edited.entity != existing.entity { changes.append("entity") }
        if edited.password != existing.password { changes.append("password") }
        if edited.tags != existing.tags { changes.append("tags") }
        if edited.notes != existing.notes { changes.append("notes") }
        if edited.sessionTimeoutMinutes != existing.sessionTimeoutMinutes { changes.append("session timeout") }
        if edited.declaredClass != existing.declaredClass { changes.append("environment class") }
        StandardOutput.line(changes.isEmpty ? "\(name): nothing changed." : "Updated \(name): \(changes.joined(separator: ", ")).")
    }
}
