import Foundation
import ZuoraAPI

/// How a list of profiles is sorted: a key and a direction. The natural direction of each key
/// puts what needs attention first: names A–Z, production before sandboxes, failing before ok,
/// the newest check and the slowest login first. `reversed` flips it.
public struct ProfileOrder: Sendable, Hashable, CustomStringConvertible {
    /// What profiles are sorted by.
    public enum Key: String, Sendable, Hashable, CaseIterable {
        case name
        case environment = "env"
        case dataCentre = "dc"
        case status
        case lastCheck = "checked"
        case latency

        /// The word the header shows.
        public var label: String {
            switch self {
            case .name: "name"
            case .environment: "environment"
            case .dataCentre: "data centre"
            case .status: "status"
            case .lastCheck: "last check"
            case .latency: "latency"
            }
        }
    }

    /// The key.
    public var key: Key
    /// Whether the natural direction is flipped (names too, so `-name` is Z–A).
    public var reversed: Bool

    /// Creates an order.
    public init(_ key: Key = .name, reversed: Bool = false) {
        self.key = key
        self.reversed = reversed
    }

    /// Parses `status` or `-status` (reversed), as kept in `config.toml`.
    public init?(parsing text: String) {
        let reversed = text.hasPrefix("-")
        guard let key = Key(rawValue: reversed ? String(text.dropFirst()) : text) else { return nil }
        self.init(key, reversed: reversed)
    }

    /// `status`, or `-status` when reversed.
    public var description: String { (reversed ? "-" : "") + key.rawValue }

    /// The next key in the cycle, in its natural direction.
    public var next: ProfileOrder {
        let keys = Key.allCases
        return ProfileOrder(keys[(keys.firstIndex(of: key)! + 1) % keys.count])
    }

    /// The profiles in this order; ties go by name (in the same direction), then the vault's order.
    public func sorted(_ profiles: [Profile], statuses: [String: ProfileStatus]) -> [Profile] {
        let keyed = profiles.enumerated().map { index, profile in
            (profile: profile, index: index, name: profile.name.lowercased(), rank: rank(of: profile, status: statuses[profile.name]))
        }
        return keyed.sorted { lhs, rhs in
            if lhs.rank != rhs.rank { return (lhs.rank < rhs.rank) != reversed }
            if lhs.name != rhs.name { return (lhs.name < rhs.name) != reversed }
            return lhs.index < rhs.index
        }.map(\.profile)
    }

    /// A number that sorts in the natural direction (smaller first).
    private func rank(of profile: Profile, status: ProfileStatus?) -> Double {
        switch key {
        case .name: 0
        case .environment: Double(EnvironmentClass.allCases.firstIndex(of: profile.environmentClass)!)
        case .dataCentre: Double(DataCentre.allCases.firstIndex(of: DataCentre.of(url: profile.baseURL))!)
        case .status: Double(ProfileGrouping.statusRank(status?.last.status))
        case .lastCheck: status.map { -$0.last.checkedAt.timeIntervalSinceReferenceDate } ?? .infinity
        case .latency: status?.last.latencyMs.map { -Double($0) } ?? .infinity
        }
    }
}

/// How the table groups profiles: not at all, or by data centre, environment class or status.
public enum ProfileGrouping: String, Sendable, Hashable, CaseIterable {
    case none
    case dataCentre = "dc"
    case environment = "env"
    case status

    /// The next grouping in the cycle.
    public var next: ProfileGrouping {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// The word the header shows.
    public var label: String {
        switch self {
        case .none: "none"
        case .dataCentre: "data centre"
        case .environment: "environment"
        case .status: "status"
        }
    }

    /// One group: its title, its profiles in order, and how many of them are failing.
    public struct Group: Sendable, Equatable {
        /// `EU`, `PROD`, `AUTH_FAILED`, `UNCHECKED`.
        public var title: String
        /// Its profiles, in the order given.
        public var profiles: [Profile]
        /// How many of them failed their last check.
        public var failing: Int

        /// "EU · 12 · 3 failing" (or "EU · 12" when none fail).
        public var header: String {
            "\(title) · \(profiles.count)" + (failing > 0 ? " · \(failing) failing" : "")
        }
    }

    /// Splits ordered profiles into groups, in the grouping's natural order, keeping the order
    /// within each group. `.none` gives one untitled group.
    public func groups(_ profiles: [Profile], statuses: [String: ProfileStatus]) -> [Group] {
        func failing(_ list: [Profile]) -> Int {
            list.count { statuses[$0.name].map { !$0.last.ok } ?? false }
        }
        guard self != .none else { return [Group(title: "", profiles: profiles, failing: failing(profiles))] }
        var buckets: [Int: [Profile]] = [:]
        var titles: [Int: String] = [:]
        for profile in profiles {
            let (rank, title) = bucket(of: profile, status: statuses[profile.name])
            buckets[rank, default: []].append(profile)
            titles[rank] = title
        }
        return buckets.keys.sorted().map { rank in
            Group(title: titles[rank]!, profiles: buckets[rank]!, failing: failing(buckets[rank]!))
        }
    }

    private func bucket(of profile: Profile, status: ProfileStatus?) -> (Int, String) {
        switch self {
        case .none: return (0, "")
        case .dataCentre:
            let centre = DataCentre.of(url: profile.baseURL)
            return (DataCentre.allCases.firstIndex(of: centre)!, centre.label)
        case .environment:
            let environment = profile.environmentClass
            return (EnvironmentClass.allCases.firstIndex(of: environment)!, environment.badge)
        case .status:
            let last = status?.last.status
            return (Self.statusRank(last), (last?.rawValue ?? "unchecked").uppercased())
        }
    }

    /// Failing statuses first (in their documented order), then never checked, then ok.
    static func statusRank(_ status: OutcomeStatus?) -> Int {
        guard let status else { return OutcomeStatus.allCases.count }
        if status == .ok { return OutcomeStatus.allCases.count + 1 }
        return OutcomeStatus.allCases.firstIndex(of: status)!
    }
}
