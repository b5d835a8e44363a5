import CredentialVault
import ZTenantCore
import ZuoraAPI

/// The profile editor form: its fields, focus, and what validation and Test said.
public struct EditorState: Sendable, Equatable {
    /// The form's inputs, in Tab order.
    public enum Field: Int, Sendable, CaseIterable {
        case name, environment, environmentClass, url, user, password, entityKind, entityValue, tags, notes, sessionTimeout, kind, test,
            save, cancel

        /// The label shown before the field.
        public var label: String {
            switch self {
            case .name: "Name"
            case .kind: "Kind"
            case .environment: "Environment"
            case .environmentClass: "Class"
            case .url: "URL"
            case .user: "User"
            case .password: "Password"
            case .entityKind: "Entity"
            case .entityValue: "Entity id/name"
            case .tags: "Tags"
            case .notes: "Notes"
            case .sessionTimeout: "Session (min)"
            case .test: "Test"
            case .save: "Save"
            case .cancel: "Cancel"
            }
        }

        /// Whether the field takes typed text.
        public var isText: Bool {
            switch self {
            case .name, .url, .user, .password, .entityValue, .tags, .notes, .sessionTimeout: true
            default: false
            }
        }
    }

    /// Which entity header to send.
    public enum EntityKind: Int, Sendable, CaseIterable {
        case none, id, name
        var label: String { ["none", "id", "name"][rawValue] }
    }

    /// The profile being edited (nil when adding).
    public var original: Profile?
    /// A user with a password, or an OAuth client (then the user and password fields hold the
    /// client id and secret).
    public var auth: AuthKind = .password
    public var name: String
    /// Index into ``ZuoraEnvironment/known``, or nil for a custom URL.
    public var environment: Int?
    public var url: String
    public var user: String
    /// Typed into wiping memory; a `String` only when sealed or revealed.
    public var password: SecretText
    public var entityKind: EntityKind
    public var entityValue: String
    public var tags: String
    public var notes: String
    public var sessionTimeout: String
    /// The class declared for a custom host (production, sandbox, test), or nil.
    public var declaredClass: EnvironmentClass?
    /// The profile the last Test ran with: a save keeps that Test's result and session only
    /// when the saved credentials are the ones tested.
    public var testedProfile: Profile?
    public var focus: Field
    public var revealPassword: Bool
    /// Validation messages are shown once a field was left or Save was tried.
    public var showAllProblems: Bool
    public var touched: Set<Int>
    /// The outcome of the last Test, and whether one is running.
    public var testOutcome: ConnectionOutcome?
    public var testing: Bool
    /// The "discard changes?" prompt is showing.
    public var confirmingDiscard: Bool

    /// A form for a new profile.
    public static func new() -> EditorState {
        EditorState(original: nil, name: "", environment: 1, url: ZuoraEnvironment.known[1].baseURL, user: "", password: SecretText(),
            entityKind: .none, entityValue: "", tags: "", notes: "", sessionTimeout: "15", declaredClass: nil, testedProfile: nil,
            focus: .name, revealPassword: false, showAllProblems: false, touched: [], testOutcome: nil, testing: false,
            confirmingDiscard: false)
    }

    /// A form filled from an existing profile.
    public static func editing(_ profile: Profile) -> EditorState {
        let environment = ZuoraEnvironment.known.firstIndex { ZuoraEnvironment.matching(url: profile.baseURL)?.id == $0.id }
        var kind = EntityKind.none
        var value = ""
        switch profile.entity {
        case .none: break
        case .id(let id): kind = .id; value = id
        case .name(let name): kind = .name; value = name
        }
        var state = EditorState(original: profile, name: profile.name, environment: environment, url: profile.baseURL, user: profile.user,
            password: SecretText(profile.password.reveal()), entityKind: kind, entityValue: value, tags: profile.tags.joined(separator: ", "),
            notes: profile.notes, sessionTimeout: String(profile.sessionTimeoutMinutes), declaredClass: profile.declaredClass,
            testedProfile: nil, focus: .name, revealPassword: false, showAllProblems: false, touched: [], testOutcome: nil,
            testing: false, confirmingDiscard: false)
        state.auth = profile.auth
        return state
    }

    /// The label of a field for the kind of profile: an OAuth client has a client id and secret.
    public func label(_ field: Field) -> String {
        guard auth == .oauth else { return field.label }
        switch field {
        case .user: return "Client id"
        case .password: return "Client secret"
        case .entityKind: return "Entity"
        default: return field.label
        }
    }

    /// The profile the form describes now.
    public var profile: Profile {
        let entity: EntitySelector = switch entityKind {
        case .none: .none
        case .id: .id(entityValue)
        case .name: .name(entityValue)
        }
        var result = original ?? Profile(name: name, baseURL: url, user: user, password: Secret(password.reveal()))
        result.name = name
        result.baseURL = url
        result.user = user
        result.password = Secret(password.reveal())
        result.entity = entity
        // "newco, eu", "newco eu" and "newco,eu" all mean the two tags.
        result.tags = tags.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        result.notes = notes
        result.sessionTimeoutMinutes = Int(sessionTimeout) ?? -1
        // A class is declared only for a host that is not Zuora's.
        result.declaredClass = environment == nil ? declaredClass : nil
        result.auth = auth
        return result
    }

    /// Whether the last Test's result belongs to the profile as it would be saved now: the same
    /// URL, user, password and entity.
    public var testStillApplies: Bool {
        guard let testedProfile, testOutcome != nil else { return false }
        let now = profile
        return testedProfile.credentials.baseURL == now.baseURL && testedProfile.user == now.user
            && testedProfile.password == now.password && testedProfile.entity == now.entity
    }

    /// Whether anything differs from what the form started with.
    public var isDirty: Bool {
        if let original { return profile != original }
        return !(name.isEmpty && user.isEmpty && password.isEmpty && entityValue.isEmpty && tags.isEmpty && notes.isEmpty)
    }

    /// Validation problems per field, for the fields that should show them.
    public func visibleProblems(existingNames: [String]) -> [Field: String] {
        var problems: [Field: String] = [:]
        for problem in ProfileValidation.problems(in: profile) {
            let field: Field = switch problem.field {
            case .name: .name
            case .url: .url
            case .user: .user
            case .password: .password
            case .entity: .entityValue
            case .tags: .tags
            case .sessionTimeout: .sessionTimeout
            case .environmentClass: .environmentClass
            }
            if problems[field] == nil { problems[field] = problem.message }
        }
        if name != original?.name && existingNames.contains(name) { problems[.name] = "a profile named '\(name)' already exists" }
        return problems.filter { showAllProblems || touched.contains($0.key.rawValue) }
    }
}
