import Foundation

/// Where a tenant's data lives, from its host: Zuora's US, EU or APAC data centres, or
/// `other` for a host that is not one of Zuora's (a proxy, a vanity URL, the mock).
public enum DataCentre: String, Sendable, Hashable, CaseIterable, Comparable {
    case us, eu, apac, other

    /// The group header text: `US`, `EU`, `APAC`, `OTHER`.
    public var label: String { rawValue.uppercased() }

    /// The data centre of a profile URL.
    public static func of(url: String) -> DataCentre {
        guard let environment = ZuoraEnvironment.matching(url: url) else { return .other }
        if environment.id.hasPrefix("eu-") { return .eu }
        if environment.id.hasPrefix("apac-") { return .apac }
        return .us
    }

    /// The data centre a filter names: its name, or `ap`/`na` for APAC and US.
    public static func named(_ text: String) -> DataCentre? {
        switch text.lowercased() {
        case "us", "na": .us
        case "eu": .eu
        case "apac", "ap": .apac
        case "other", "custom": .other
        default: nil
        }
    }

    public static func < (lhs: DataCentre, rhs: DataCentre) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
