/// The profile table's columns and how they share the available width: preferred widths,
/// minimums, and which columns give way first on narrow terminals.
struct TableColumns {
    enum Column: CaseIterable {
        case cursor, name, environment, host, user, entity, last, since, latency, ago, session

        var title: String {
            switch self {
            case .cursor: ""
            case .name: "NAME"
            case .environment: "ENV"
            case .host: "HOST"
            case .user: "USER"
            case .entity: "ENTITY"
            case .last: "LAST CHECK"
            case .since: "SINCE"
            case .latency: "LATENCY"
            case .ago: "WHEN"
            case .session: "SESSION"
            }
        }

        var preferred: Int {
            switch self {
            case .cursor: 3
            case .name: 18
            case .environment: 8
            case .host: 28
            case .user: 22
            case .entity: 12
            case .last: 28
            case .since: 7
            case .latency: 8
            case .ago: 5
            case .session: 11
            }
        }

        var minimum: Int {
            switch self {
            case .cursor: 3
            case .name: 10
            case .environment: 8
            case .host: 10
            case .user: 8
            case .entity: 8
            case .last: 24
            case .since: 6
            case .latency: 8
            case .ago: 5
            case .session: 8
            }
        }

        /// Lower gives way first; nil never does.
        var dropOrder: Int? {
            switch self {
            case .since: 0
            case .entity: 1
            case .latency: 2
            case .session: 3
            case .host: 4
            case .ago: 5
            default: nil
            }
        }
    }

    let placed: [(column: Column, start: Int, width: Int)]

    init(width: Int) {
        var columns = Column.allCases
        let gap = 1
        func total(_ list: [Column], _ widthOf: (Column) -> Int) -> Int {
            list.map(widthOf).reduce(0, +) + gap * max(0, list.count - 1)
        }
        while total(columns, \.minimum) > width,
            let drop = columns.filter({ $0.dropOrder != nil }).min(by: { $0.dropOrder! < $1.dropOrder! })
        {
            columns.removeAll { $0 == drop }
        }
        var widths = Dictionary(uniqueKeysWithValues: columns.map { ($0, $0.preferred) })
        var excess = total(columns) { widths[$0]! } - width
        // Shrink what matters least when cut first (the entity is "-" on most rows, the
        // session and last check keep their meaning at their minimums), then the host and the
        // user evenly, and the name last: it is what people scan.
        func shrink(_ column: Column, by wanted: Int) {
            guard columns.contains(column), wanted > 0 else { return }
            let cut = min(wanted, widths[column]! - column.minimum)
            widths[column]! -= cut
            excess -= cut
        }
        for column in [Column.entity, .session, .last] { shrink(column, by: excess) }
        while excess > 0, let widest = [Column.host, .user].filter({ columns.contains($0) && widths[$0]! > $0.minimum })
            .max(by: { widths[$0]! < widths[$1]! })
        {
            shrink(widest, by: 1)
        }
        shrink(.name, by: excess)
        // Give spare room to the host and user, which are often cut.
        var spare = -excess
        let growable: [Column] = [.host, .user, .name].filter(columns.contains)
        var turn = 0
        while spare > 0 && !growable.isEmpty && turn < 200 {
            widths[growable[turn % growable.count]]! += 1
            spare -= 1
            turn += 1
        }
        var start = 0
        var placed: [(Column, Int, Int)] = []
        for column in columns {
            placed.append((column, start, widths[column]!))
            start += widths[column]! + gap
        }
        self.placed = placed
    }
}
