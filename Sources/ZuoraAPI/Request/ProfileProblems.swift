/// Every reason a set of credentials cannot be used, collected at once so the user can
/// fix them all in one go.
public struct ProfileProblems: Error, Sendable, Hashable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// One sentence per problem, each saying what is wrong and how to fix it.
    public var messages: [String]

    /// Creates a list of problems.
    public init(_ messages: [String]) {
        self.messages = messages
    }

    public init(arrayLiteral elements: String...) {
        self.messages = elements
    }

    /// The problems joined into one line: `a; b; c`.
    public var description: String { messages.joined(separator: "; ") }
}
