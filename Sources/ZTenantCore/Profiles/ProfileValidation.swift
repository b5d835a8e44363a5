import ZuoraAPI

/// Checks a profile and reports every problem at once, each as a sentence that says how
/// to fix it.
public enum ProfileValidation {
    /// The longest profile name allowed.
    public static let maxNameLength = 64

    /// Every problem with `profile`, empty when it is usable.
    public static func problems(in profile: Profile) -> [ProfileProblem] {
        var problems = nameProblems(profile.name).map { ProfileProblem(field: .name, message: $0) }

        switch ConnectionEndpoint.make(baseURL: profile.baseURL) {
        case .success: break
        case .failure(let found): problems += found.messages.map { ProfileProblem(field: .url, message: $0) }
        }
        if profile.baseURL != profile.baseURL.trimmingCharacters(in: .whitespaces) {
            problems.append(ProfileProblem(field: .url, message: "URL has leading or trailing spaces"))
        }

        let oauth = profile.auth == .oauth
        if oauth, case .name = profile.entity {
            problems.append(ProfileProblem(field: .entity, message: "an OAuth client takes entity ids (Zuora-Entity-Ids), not an entity name"))
        }
        if oauth, !profile.user.isEmpty, !profile.user.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) {
            problems.append(ProfileProblem(field: .user, message: "client id contains spaces, control or non-ASCII characters"))
        }
        if profile.user.isEmpty {
            problems.append(ProfileProblem(field: .user, message: oauth ? "client id is empty: give the OAuth client's id" : "user is empty: give the API user name"))
        } else {
            if profile.user != profile.user.trimmingCharacters(in: .whitespacesAndNewlines) {
                problems.append(ProfileProblem(field: .user, message: "user has leading or trailing spaces (Zuora would reject it)"))
            }
            if profile.user.unicodeScalars.contains(where: TextSanitizer.isControlBidiOrZeroWidth) {
                problems.append(ProfileProblem(field: .user, message: "user contains control, bidirectional or zero-width characters"))
            }
        }

        let password = profile.password.reveal()
        if password.isEmpty {
            problems.append(ProfileProblem(field: .password, message: oauth ? "client secret is empty" : "password is empty"))
        } else {
            if password != password.trimmingCharacters(in: .whitespacesAndNewlines) {
                problems.append(ProfileProblem(field: .password, message: "password has leading or trailing spaces or a line break (a paste accident?)"))
            }
            if password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                problems.append(ProfileProblem(field: .password, message: "password contains control characters"))
            }
        }

        switch profile.entity {
        case .none: break
        case .id(let id):
            if id.isEmpty || id != id.trimmingCharacters(in: .whitespaces) {
                problems.append(ProfileProblem(field: .entity, message: "entity id is empty or has surrounding spaces"))
            } else if !id.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0 == "-") }) {
                problems.append(ProfileProblem(field: .entity, message: "entity id '\(TextSanitizer.sanitize(id, limit: 40))' is not hexadecimal: give the id (e.g. 8a8082c45f2b4a1c…) or use an entity name instead"))
            }
        case .name(let name):
            if name.isEmpty || name != name.trimmingCharacters(in: .whitespaces) {
                problems.append(ProfileProblem(field: .entity, message: "entity name is empty or has surrounding spaces"))
            }
            if name.unicodeScalars.contains(where: TextSanitizer.isControlBidiOrZeroWidth) {
                problems.append(ProfileProblem(field: .entity, message: "entity name contains control, bidirectional or zero-width characters"))
            }
        }

        for tag in profile.tags where !isValidTag(tag) {
            problems.append(ProfileProblem(field: .tags, message: "tag '\(TextSanitizer.sanitize(tag, limit: 40))' must be 1–32 letters, digits, '-', '_' or '.'"))
        }
        if let declared = profile.declaredClass {
            if let known = ZuoraEnvironment.matching(url: profile.baseURL) {
                problems.append(ProfileProblem(field: .environmentClass, message: "\(known.host) is Zuora's \(known.name): its class is known, so none is declared (drop --env-class)"))
            } else if declared == .custom {
                problems.append(ProfileProblem(field: .environmentClass, message: "declare production, sandbox or test (custom is what an undeclared host is)"))
            }
        }
        if !(15...480).contains(profile.sessionTimeoutMinutes) {
            problems.append(ProfileProblem(field: .sessionTimeout, message: "session timeout must be 15–480 minutes (Zuora's allowed range), not \(profile.sessionTimeoutMinutes)"))
        }
        return problems
    }

    /// Problems with a profile name alone: 1–64 characters, starting with a letter or digit,
    /// then letters, digits, `-`, `_`, `.`, `@`; no spaces, so names work unquoted in shells.
    public static func nameProblems(_ name: String) -> [String] {
        if name.isEmpty { return ["name is empty"] }
        var problems: [String] = []
        if name.count > maxNameLength {
            problems.append("name is \(name.count) characters long; the limit is \(maxNameLength)")
        }
        if let first = name.unicodeScalars.first, !(isLetterOrDigit(first)) {
            problems.append("name must start with a letter or digit")
        }
        if name.unicodeScalars.contains(where: { !(isLetterOrDigit($0) || "-_.@".unicodeScalars.contains($0)) }) {
            problems.append("name '\(TextSanitizer.sanitize(name, limit: 40))' may contain only letters, digits, '-', '_', '.' and '@' (no spaces)")
        }
        return problems
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
    }

    private static func isValidTag(_ tag: String) -> Bool {
        (1...32).contains(tag.count) && tag.unicodeScalars.allSatisfy { isLetterOrDigit($0) || "-_.".unicodeScalars.contains($0) }
    }
}

/// One problem with one field of a profile.
public struct ProfileProblem: Sendable, Hashable, CustomStringConvertible {
    /// The fields a problem can be about, so an editor can show it beside the right input.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case name, url, user, password, entity, tags, sessionTimeout, environmentClass
    }

    /// The field at fault.
    public var field: Field
    /// What is wrong and how to fix it.
    public var message: String

    /// Creates a problem.
    public init(field: Field, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}
