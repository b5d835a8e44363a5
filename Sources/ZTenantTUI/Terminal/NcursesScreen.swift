import CNcursesw
import Foundation
import ZTenantCore
import ZTenantThemes

#if canImport(Glibc)
import Glibc
#endif

/// The real terminal, through wide-character ncurses. The only file that touches ncurses.
///
/// Set-up and restore live here and nowhere else: UTF-8 locale before `initscr`, raw mode
/// (Ctrl-C is a key, so quitting takes the normal path), no echo, keypad keys, a 25 ms
/// escape delay so Esc answers at once, the terminal's default colours. ``restore()`` is
/// idempotent and is called on quit, on errors and on SIGTERM/SIGHUP.
public final class NcursesScreen: Screen, @unchecked Sendable {
    private var active = false
    private var previous: Grid?
    private var previousTheme: String?
    private let colorEnabled: Bool
    private var colors = 0
    private var pairs: [String: Int16] = [:]

    /// What the terminal type can do, from terminfo, asked before curses starts.
    public enum TerminalKind: Sendable, Equatable {
        /// TERM is unset, or terminfo does not know it.
        case unknown
        /// Known, but with no cursor addressing (`dumb`): a full screen cannot be drawn.
        case lineOnly
        /// Full screen without an alternate screen (`vt100`, `linux`): cleared on exit.
        case noAlternateScreen
        /// Full screen with an alternate screen (`xterm-256color`, `screen`, `tmux-256color`).
        case full
    }

    /// What terminfo says of a terminal type.
    public static func kind(of type: String?) -> TerminalKind {
        guard let type, !type.isEmpty else { return .unknown }
        switch zt_terminal_kind(type) {
        case 1: return .lineOnly
        case 2: return .noAlternateScreen
        case 3: return .full
        default: return .unknown
        }
    }

    private let clearOnExit: Bool

    /// Starts curses mode. `color: false` (NO_COLOR, --no-color) never starts colours.
    /// `clearOnExit` erases the screen before leaving, for terminals with no alternate screen
    /// (the last frame would otherwise stay under the shell prompt).
    public init(color: Bool, clearOnExit: Bool = false) {
        self.clearOnExit = clearOnExit
        setlocale(LC_ALL, "")
        // Read by ncurses at initscr; 25 ms tells a lone Esc from an escape sequence.
        setenv("ESCDELAY", "25", 1)
        _ = initscr()
        active = true
        raw()
        noecho()
        nonl()
        _ = keypad(zt_stdscr(), true)
        _ = nodelay(zt_stdscr(), true)
        _ = set_escdelay(25)
        _ = curs_set(0)
        colorEnabled = color && has_colors()
        if colorEnabled {
            _ = start_color()
            _ = use_default_colors()
            colors = Int(zt_colors())
        }
    }

    public var size: TerminalSize {
        var rows: Int32 = 0
        var columns: Int32 = 0
        zt_getmaxyx(zt_stdscr(), &rows, &columns)
        return TerminalSize(rows: Int(rows), columns: Int(columns))
    }

    /// How many colours the terminal has (0 when colour is off).
    public var colorCount: Int { colors }

    public func present(_ grid: Grid, theme: Theme) {
        guard active else { return }
        let full = previous == nil || previous!.rows != grid.rows || previous!.columns != grid.columns || previousTheme != theme.name
        if full { _ = erase() }
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let cell = grid[row, column]
                if !full, let previous, previous[row, column] == cell { continue }
                guard !cell.text.isEmpty else { continue }
                // The last cell of the screen cannot be written without scrolling in some terminals.
                if row == grid.rows - 1 && column == grid.columns - 1 { continue }
                put(cell, row: row, column: column, theme: theme)
            }
        }
        previous = grid
        previousTheme = theme.name
        _ = refresh()
    }

    private func put(_ cell: Cell, row: Int, column: Int, theme: Theme) {
        let style = colorEnabled ? theme.style(cell.role) : theme.style(cell.role).monochrome
        var attributes = zt_a_normal()
        if style.bold { attributes |= zt_a_bold() }
        if style.underline { attributes |= zt_a_underline() }
        if style.reverse { attributes |= zt_a_reverse() }
        let pair = colorEnabled ? colorPair(style) : 0
        var characters = cell.text.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) }
        characters.append(0)
        _ = zt_put_cell(Int32(row), Int32(column), characters, attributes, pair)
    }

    private func colorPair(_ style: ThemeStyle) -> Int16 {
        let foreground = style.foreground.index(forTerminalColors: colors)
        let background = style.background.index(forTerminalColors: colors)
        if foreground < 0 && background < 0 { return 0 }
        let key = "\(foreground):\(background)"
        if let existing = pairs[key] { return existing }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < zt_color_pairs() else { return 0 }
        _ = init_pair(next, Int16(foreground), Int16(background))
        pairs[key] = next
        return next
    }

    public func waitForInput(timeoutMilliseconds: Int32, wakeDescriptor: Int32) -> [Event] {
        var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)]
        _ = poll(&descriptors, 2, timeoutMilliseconds)
        if descriptors[1].revents & Int16(POLLIN) != 0 {
            var drain = [UInt8](repeating: 0, count: 256)
            _ = read(wakeDescriptor, &drain, drain.count)
        }
        var events: [Event] = []
        // Resizes arrive as KEY_RESIZE whichever thread took SIGWINCH, so always ask.
        while true {
            var value: UInt32 = 0
            let result = zt_get_key(&value)
            if result == zt_err() { break }
            if result == zt_key_code_yes() {
                if Int32(value) == zt_key_resize() {
                    previous = nil
                    events.append(.resize(size))
                } else if let key = Self.functionKey(Int32(value)) {
                    events.append(.key(key))
                }
            } else if let key = Self.characterKey(value) {
                events.append(.key(key))
            }
        }
        return events
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_ENTER: .enter
        case KEY_BTAB: .backTab
        case KEY_F0 + 1...KEY_F0 + 12: .function(Int(code - KEY_F0))
        default: nil
        }
    }

    static func characterKey(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(value), !scalar.properties.isWhitespace || scalar == " " else { return nil }
            return .character(Character(scalar))
        }
    }

    public func copyToClipboard(_ text: String) {
        guard active else { return }
        // Written straight to the terminal after the last refresh: an OSC string moves no
        // cursor, so curses' idea of the screen stays true.
        var sequence = Array("\u{1B}]52;c;".utf8) + Array(Data(text.utf8).base64EncodedString().utf8) + [0x07]
        defer { for index in sequence.indices { sequence[index] = 0 } }
        var written = 0
        while written < sequence.count {
            let result = sequence.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress! + written, $0.count - written) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { break }
            written += result
        }
    }

    public func suspend(_ body: () -> Int32) -> Int32 {
        guard active else { return body() }
        _ = def_prog_mode()
        _ = endwin()
        let status = body()
        _ = reset_prog_mode()
        previous = nil
        _ = clear()
        _ = refresh()
        return status
    }

    public func restore() {
        guard active else { return }
        active = false
        if clearOnExit {
            _ = erase()
            _ = refresh()
        }
        _ = curs_set(1)
        _ = endwin()
    }

    deinit { restore() }
}
