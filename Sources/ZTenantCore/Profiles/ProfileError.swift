import ZuoraAPI

/// Why a profile operation failed.
public enum ProfileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No profile has this name.
    case noSuchProfile(name: String, suggestion: String?)
    /// A profile with this name exists already.
    case duplicateName(String)
    /// The profile is not valid; every problem is listed.
    case invalid(name: String, problems: [ProfileProblem])

    public var description: String {
        switch self {
        case .noSuchProfile(let name, let suggestion):
            let hint = suggestion.map { " Did you mean '\($0)'?" } ?? ""
            return "no profile named '\(TextSanitizer.sanitize(name, limit: 64))'.\(hint) `ztenant list` shows them all."
        case .duplicateName(let name):
            return "a profile named '\(name)' already exists; choose another name or `ztenant edit \(name)`."
        case .invalid(let name, let problems):
            let list = problems.map { "  - \($0.field.rawValue): \($0.message)" }.joined(separator: "\n")
            return "profile '\(TextSanitizer.sanitize(name, limit: 64))' is not valid:\n\(list)"
        }
    }
}
