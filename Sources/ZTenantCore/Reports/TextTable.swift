import ZuoraAPI

/// An aligned plain-text table that fits a given width: columns shrink from the right-most
/// flexible one, and cut cells end in `…`.
public struct TextTable: Sendable {
    /// A column: its header, and how small it may get.
    public struct Column: Sendable {
        /// The header text.
        public var title: String
        /// The narrowest the column may become.
        public var minimum: Int
        /// When even minimum widths do not fit, columns with the lowest priority are left out first.
        public var priority: Int
        /// Creates a column.
        public init(_ title: String, minimum: Int = 4, priority: Int = 100) {
            self.title = title
            self.minimum = minimum
            self.priority = priority
        }
    }

    /// The columns.
    public var columns: [Column]
    /// The rows, one string per column.
    public var rows: [[String]]

    /// Creates a table.
    ///
    /// Every cell is sanitized: profile names, users, hosts and tags may come from an import
    /// that anyone could have crafted, and a table is printed straight to a terminal.
    public init(columns: [Column], rows: [[String]]) {
        self.columns = columns
        self.rows = rows.map { row in row.map { TextSanitizer.sanitize($0, limit: 500) } }
    }

    /// The lines of the table, at most `width` columns wide, header first. Columns are
    /// shrunk (widest first) down to their minimums, then dropped by priority.
    public func render(width: Int = 80) -> [String] {
        var kept = Array(columns.indices)
        while kept.count > 1 {
            let needed = kept.map { min(columns[$0].minimum, naturalWidth($0)) }.reduce(0, +) + 2 * (kept.count - 1)
            if needed <= width { break }
            guard let drop = kept.min(by: { columns[$0].priority < columns[$1].priority }), columns[drop].priority < 100 else { break }
            kept.removeAll { $0 == drop }
        }
        let table = TextTable(columns: kept.map { columns[$0] }, rows: rows.map { row in kept.map { $0 < row.count ? row[$0] : "" } })
        return table.layout(width: width)
    }

    private func naturalWidth(_ index: Int) -> Int {
        ([columns[index].title] + rows.map { index < $0.count ? $0[index] : "" }).map(DisplayWidth.of).max() ?? 0
    }

    private func layout(width: Int) -> [String] {
        var widths = columns.indices.map { index in
            ([columns[index].title] + rows.map { index < $0.count ? $0[index] : "" }).map(DisplayWidth.of).max() ?? 0
        }
        let gap = 2
        var total = widths.reduce(0, +) + gap * max(0, widths.count - 1)
        // Shrink the widest columns first until the table fits.
        while total > width {
            guard let index = widths.indices.filter({ widths[$0] > columns[$0].minimum }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[index] -= 1
            total -= 1
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for index in columns.indices {
                let cell = index < cells.count ? cells[index] : ""
                let last = index == columns.count - 1
                text += last ? DisplayWidth.truncate(cell, to: widths[index]) : DisplayWidth.pad(cell, to: widths[index]) + "  "
            }
            return text
        }
        return [line(columns.map(\.title))] + rows.map(line)
    }
}
