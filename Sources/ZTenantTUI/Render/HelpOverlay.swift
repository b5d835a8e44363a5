/// Every key, in a box.
enum HelpOverlay {
    static let keys: [(String, String)] = [
        ("↑ ↓  j k", "move the selection"), ("PgUp PgDn Home End", "move by a page / to the ends"),
        ("Enter", "use: log in (or reuse the session), store it, mark active"), ("c", "check the selected profile"),
        ("C", "check all shown profiles (Esc cancels)"), ("a", "add a profile"), ("e", "edit the selected profile"),
        ("d", "delete the selected profile (asks first)"), ("/", "filter as you type (Enter keeps, Esc clears)"),
        ("t", "next colour theme (remembered)"), ("L", "lock now: forget the key and every secret"), ("?", "this help"),
        ("q  Ctrl-C", "quit"), ("", ""), ("In the editor", ""), ("Tab ⇧Tab ↑ ↓", "next / previous field"),
        ("← →", "choose environment, entity kind, button"), ("Ctrl-R  F2", "reveal or hide the password"),
        ("Ctrl-T  Ctrl-S", "test the login / save"), ("Esc", "cancel (asks if there are changes)"),
    ]

    static func draw(_ grid: inout Grid) {
        let width = min(74, grid.columns - 2)
        let height = min(grid.rows - 2, keys.count + 4)
        let box = Rect(row: max(0, (grid.rows - height) / 2), column: (grid.columns - width) / 2, rows: height, columns: width)
        Renderer.frame(&grid, box, title: "Keys — any key closes")
        for (index, entry) in keys.enumerated() where index < height - 3 {
            let row = box.row + 2 + index
            grid.write(entry.0, row: row, column: box.column + 2, role: .key, width: 20)
            grid.write(entry.1, row: row, column: box.column + 23, role: entry.0.isEmpty ? .title : .text, width: width - 25)
        }
    }
}
