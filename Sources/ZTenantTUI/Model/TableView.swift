import ZTenantCore

/// What the table shows, worked out once per change of the vault, filter, sort or grouping
/// (never per frame): the matching profiles in order, and the rows, with a header row before
/// each group when grouped.
public struct TableView: Sendable {
    /// A row of the table.
    public enum Row: Sendable, Equatable {
        /// A group's header: "EU · 12 · 3 failing".
        case group(String)
        /// The profile at this index of ``TableView/profiles``.
        case profile(Int)
    }

    /// The matching profiles in display order: what the selection indexes.
    public private(set) var profiles: [Profile] = []
    /// Every row, group headers included.
    public private(set) var rows: [Row] = []
    /// The row of each profile.
    public private(set) var rowOfProfile: [Int] = []

    /// An empty table.
    public init() {}

    /// The table for a vault, filter, order and grouping.
    public init(payload: VaultPayload, filter: ProfileFilter, order: ProfileOrder, grouping: ProfileGrouping) {
        let matching = filter.isEmpty ? payload.profiles
            : payload.profiles.filter { filter.matches($0, lastStatus: payload.statuses[$0.name]?.last.status) }
        let ordered = order.sorted(matching, statuses: payload.statuses)
        for group in grouping.groups(ordered, statuses: payload.statuses) {
            if grouping != .none { rows.append(.group(group.header)) }
            for profile in group.profiles {
                rowOfProfile.append(rows.count)
                rows.append(.profile(profiles.count))
                profiles.append(profile)
            }
        }
    }
}
