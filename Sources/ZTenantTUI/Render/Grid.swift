import Foundation
import ZTenantCore
import ZTenantThemes

/// One terminal cell: a grapheme (or nothing, for the right half of a wide character) and
/// the role that decides its look.
public struct Cell: Sendable, Hashable {
    /// The text in the cell; empty for the second column of a wide character.
    public var text: String
    /// What the cell means.
    public var role: ThemeRole

    /// A blank cell.
    public static let blank = Cell(text: " ", role: .text)
}

/// A screen's worth of cells: what `render` produces and a backend paints.
public struct Grid: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public private(set) var cells: [Cell]

    /// A blank grid.
    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        cells = Array(repeating: .blank, count: self.rows * self.columns)
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * columns + column]
    }

    /// Fills a rectangle with spaces of a role.
    public mutating func fill(_ rect: Rect, role: ThemeRole) {
        for row in rect.row..<min(rows, rect.row + rect.rows) where row >= 0 {
            for column in rect.column..<min(columns, rect.column + rect.columns) where column >= 0 {
                cells[row * columns + column] = Cell(text: " ", role: role)
            }
        }
    }

    /// Writes text from a position, at most `width` columns (default: to the edge), cutting
    /// with `…`. Wide characters take two cells; control characters never reach the grid.
    /// Returns the column after the last one written.
    @discardableResult
    public mutating func write(_ text: String, row: Int, column: Int, role: ThemeRole, width: Int? = nil) -> Int {
        guard row >= 0, row < rows, column < columns else { return column }
        let limit = min(columns, column + (width ?? columns - column))
        let fitted = DisplayWidth.truncate(text, to: limit - column)
        var position = column
        for character in fitted {
            let cellWidth = DisplayWidth.of(character)
            guard cellWidth > 0 else { continue }
            guard position + cellWidth <= limit else { break }
            if position >= 0 {
                cells[row * columns + position] = Cell(text: String(character), role: role)
                if cellWidth == 2 { cells[row * columns + position + 1] = Cell(text: "", role: role) }
            }
            position += cellWidth
        }
        return position
    }

    /// The text of one row (wide characters once), trailing spaces kept.
    public func line(_ row: Int) -> String {
        (0..<columns).map { self[row, $0].text }.joined()
    }

    /// Every row's text, for tests and snapshots.
    public var text: String {
        (0..<rows).map { line($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n")
    }
}
