/// The kind of a Zuora environment, shown as a badge so production is never mistaken
/// for a sandbox.
public enum EnvironmentClass: String, Sendable, Hashable, Codable, CaseIterable {
    /// A production tenant: real money.
    case production
    /// An API sandbox.
    case sandbox
    /// A developer, central or performance-test sandbox.
    case test
    /// A host that is not one of Zuora's known REST hosts (a proxy, services copy or mock).
    case custom

    /// The badge text: `PROD`, `SANDBOX`, `TEST`, `CUSTOM`.
    public var badge: String {
        switch self {
        case .production: "PROD"
        case .sandbox: "SANDBOX"
        case .test: "TEST"
        case .custom: "CUSTOM"
        }
    }
}
