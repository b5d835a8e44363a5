import ZuoraAPI

/// The filter language shared by the TUI (`/`) and the CLI (`list --filter`, `check --filter`).
///
/// Terms are separated by spaces and must all match (and). A plain word matches the start of a
/// token of the profile's name, user, host or tags (tokens split at `-`, `.`, `_`, `@`, `/`
/// and spaces, case-insensitive), so `prod` matches `acme-prod-eu` but `ok` does not match
/// `t-broken`. `key:value` terms test one fact:
///
/// | key | matches |
/// |---|---|
/// | `status:` | the last check's status (`ok`, `auth_failed`, …) or `unchecked` |
/// | `env:` | the environment class (`prod`, `production`, `sandbox`, `test`, `custom`) |
/// | `dc:` | the data centre (`us`, `eu`, `apac`, `other`) |
/// | `tag:` | a tag, whole and case-insensitive |
/// | `host:`, `name:`, `user:` | a token prefix of that field only |
///
/// `key:!value` negates a term, and a word in double quotes may hold spaces.
public struct ProfileFilter: Sendable, Equatable {
    /// One term of a filter.
    public enum Term: Sendable, Equatable {
        /// A token prefix of the name, user, host or a tag.
        case word(String)
        /// The last status is one of these; `nil` in the set stands for never checked.
        case status(Set<OutcomeStatus?>, negated: Bool)
        /// The environment class.
        case environment(EnvironmentClass, negated: Bool)
        /// The data centre.
        case dataCentre(DataCentre, negated: Bool)
        /// A tag, compared whole.
        case tag(String, negated: Bool)
        /// A token prefix of one field.
        case field(Field, String, negated: Bool)
    }

    /// A field a `key:value` term can name.
    public enum Field: String, Sendable, Equatable {
        case name, user, host
    }

    /// The text the filter was parsed from.
    public let text: String
    /// Its terms; empty matches everything.
    public let terms: [Term]

    /// The keys a `key:value` term may use, for error messages and help.
    public static let keys = ["status", "env", "dc", "tag", "host", "name", "user"]

    /// Parses filter text.
    ///
    /// - Throws: ``ProfileFilterError`` naming the term that is wrong and what would be right.
    public init(_ text: String) throws(ProfileFilterError) {
        self.text = text
        var terms: [Term] = []
        for word in try Self.split(text) {
            terms.append(try Self.term(word))
        }
        self.terms = terms
    }

    /// Parses filter text as it is being typed: the terms that parse, and the first problem.
    /// An unclosed quote or a half-typed `status:au` leaves out that term only, so the table
    /// narrows as the user types instead of jumping back.
    public static func lenient(_ text: String) -> (filter: ProfileFilter, problem: ProfileFilterError?) {
        var words: [String]
        var problem: ProfileFilterError?
        do {
            words = try split(text)
        } catch {
            problem = error
            words = (try? split(text + "\"")) ?? []
        }
        var terms: [Term] = []
        for word in words {
            do { terms.append(try term(word)) } catch { problem = problem ?? error }
        }
        return (ProfileFilter(text: text, terms: terms), problem)
    }

    /// Whether the filter has no terms (it matches every profile).
    public var isEmpty: Bool { terms.isEmpty }

    /// The empty filter.
    public static let everything = ProfileFilter(text: "", terms: [])

    private init(text: String, terms: [Term]) {
        self.text = text
        self.terms = terms
    }

    /// Whether a profile passes, given its last check's status (nil when never checked).
    public func matches(_ profile: Profile, lastStatus: OutcomeStatus?) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .word(let word):
                Self.tokenPrefix(word, of: profile.name) || Self.tokenPrefix(word, of: profile.user)
                    || Self.tokenPrefix(word, of: profile.host) || profile.tags.contains { Self.tokenPrefix(word, of: $0) }
            case .status(let statuses, let negated):
                statuses.contains(lastStatus) != negated
            case .environment(let environment, let negated):
                (profile.environmentClass == environment) != negated
            case .dataCentre(let dataCentre, let negated):
                (DataCentre.of(url: profile.baseURL) == dataCentre) != negated
            case .tag(let tag, let negated):
                profile.tags.contains { $0.lowercased() == tag } != negated
            case .field(let field, let word, let negated):
                Self.tokenPrefix(word, of: Self.value(field, of: profile)) != negated
            }
        }
    }

    /// Whether `word` (lowercased) starts at the beginning of a token of `text`: at its start
    /// or just after one of the separators. Compared by characters (grapheme clusters), so
    /// `e` does not match the first half of a decomposed `é`, and composed and decomposed
    /// spellings match each other.
    public static func tokenPrefix(_ word: String, of text: String) -> Bool {
        guard !word.isEmpty else { return true }
        let haystack = Array(text.lowercased())
        let needle = Array(word)
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where start == 0 || separators.contains(haystack[start - 1]) {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    private static let separators: Set<Character> = ["-", ".", "_", "@", "/", " "]

    private static func value(_ field: Field, of profile: Profile) -> String {
        switch field {
        case .name: profile.name
        case .user: profile.user
        case .host: profile.host
        }
    }

    /// Splits at spaces, keeping a double-quoted run (quotes removed) as one word.
    private static func split(_ text: String) throws(ProfileFilterError) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        var hasWord = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
                hasWord = true
            } else if character.isWhitespace && !quoted {
                if hasWord { words.append(current) }
                current = ""
                hasWord = false
            } else {
                current.append(character)
                hasWord = true
            }
        }
        if quoted { throw ProfileFilterError(term: text, problem: "a double quote is not closed") }
        if hasWord { words.append(current) }
        return words.filter { !$0.isEmpty }
    }

    private static func term(_ word: String) throws(ProfileFilterError) -> Term {
        guard let colon = word.firstIndex(of: ":"), colon != word.startIndex else {
            return .word(word.lowercased())
        }
        let key = word[..<colon].lowercased()
        var value = word[word.index(after: colon)...].lowercased()
        let negated = value.hasPrefix("!")
        if negated { value.removeFirst() }
        guard !value.isEmpty else {
            throw ProfileFilterError(term: word, problem: "'\(key):' needs a value, e.g. \(example(for: key))")
        }
        switch key {
        case "status":
            var statuses: Set<OutcomeStatus?> = []
            let names = value.split(separator: ",").map(String.init)
            guard !names.isEmpty else {
                throw ProfileFilterError(term: word, problem: "'status:' needs a value, e.g. status:auth_failed or status:!ok")
            }
            for name in names {
                if name == "unchecked" || name == "never" {
                    statuses.insert(nil)
                } else if let status = OutcomeStatus(rawValue: name) {
                    statuses.insert(status)
                } else {
                    throw ProfileFilterError(term: word, problem: "unknown status '\(name)'; use one of "
                        + (OutcomeStatus.allCases.map(\.rawValue) + ["unchecked"]).joined(separator: ", "))
                }
            }
            return .status(statuses, negated: negated)
        case "env":
            let match = EnvironmentClass.allCases.first { $0.rawValue.hasPrefix(value) || $0.badge.lowercased() == value }
            guard let match else {
                throw ProfileFilterError(term: word, problem: "unknown environment '\(value)'; use prod, sandbox, test or custom")
            }
            return .environment(match, negated: negated)
        case "dc":
            guard let match = DataCentre.named(value) else {
                throw ProfileFilterError(term: word, problem: "unknown data centre '\(value)'; use "
                    + DataCentre.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return .dataCentre(match, negated: negated)
        case "tag":
            return .tag(value, negated: negated)
        default:
            if let field = Field(rawValue: key) { return .field(field, value, negated: negated) }
            throw ProfileFilterError(term: word, problem: "unknown key '\(key)'; use " + keys.map { $0 + ":" }.joined(separator: ", ")
                + " or a plain word")
        }
    }

    private static func example(for key: String) -> String {
        switch key {
        case "status": "status:auth_failed or status:!ok"
        case "env": "env:prod"
        case "dc": "dc:eu"
        default: "\(key):billing"
        }
    }
}

/// A filter that does not parse: the term and what is wrong with it.
public struct ProfileFilterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The term as typed.
    public let term: String
    /// What is wrong, and what would be right.
    public let problem: String

    /// "filter term 'x': problem".
    public var description: String { "filter term '\(term)': \(problem)" }
}
