/// A rectangle of cells.
public struct Rect: Sendable, Hashable {
    public var row: Int
    public var column: Int
    public var rows: Int
    public var columns: Int
}

/// Where each part of the main screen goes for a terminal size: the detail pane beside the
/// table when wide, below it when tall enough, and left out otherwise.
public struct Layout: Sendable {
    public let header: Rect
    public let tableHeader: Rect
    public let tableBody: Rect
    public let detail: Rect?
    public let message: Rect
    public let footer: Rect

    /// The columns at which the detail pane moves beside the table.
    public static let sideBySideColumns = 140

    public init(size: TerminalSize) {
        let rows = max(size.rows, 4)
        let columns = max(size.columns, 10)
        header = Rect(row: 0, column: 0, rows: 1, columns: columns)
        message = Rect(row: rows - 2, column: 0, rows: 1, columns: columns)
        footer = Rect(row: rows - 1, column: 0, rows: 1, columns: columns)
        let bodyRows = rows - 3
        if columns >= Self.sideBySideColumns {
            let tableColumns = columns * 3 / 5
            tableHeader = Rect(row: 1, column: 0, rows: 1, columns: tableColumns)
            tableBody = Rect(row: 2, column: 0, rows: bodyRows - 1, columns: tableColumns)
            detail = Rect(row: 1, column: tableColumns + 1, rows: bodyRows, columns: columns - tableColumns - 1)
        } else if rows >= 30 {
            let detailRows = min(14, bodyRows / 2)
            tableHeader = Rect(row: 1, column: 0, rows: 1, columns: columns)
            tableBody = Rect(row: 2, column: 0, rows: bodyRows - detailRows - 1, columns: columns)
            detail = Rect(row: 1 + bodyRows - detailRows, column: 0, rows: detailRows, columns: columns)
        } else {
            tableHeader = Rect(row: 1, column: 0, rows: 1, columns: columns)
            tableBody = Rect(row: 2, column: 0, rows: bodyRows - 1, columns: columns)
            detail = nil
        }
    }
}
