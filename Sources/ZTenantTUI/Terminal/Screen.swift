import ZTenantCore
import ZTenantThemes

/// What the UI loop needs from a terminal: its size, a way to show a grid, and input.
/// ``NcursesScreen`` is the real one; ``GridScreen`` records frames for tests.
public protocol Screen: AnyObject {
    /// The current size.
    var size: TerminalSize { get }
    /// Shows a grid, changing only what differs from the last one shown.
    func present(_ grid: Grid, theme: Theme)
    /// Waits up to `timeoutMilliseconds` for input or a wake-up, and returns the keys and
    /// resizes that arrived (possibly none).
    func waitForInput(timeoutMilliseconds: Int32, wakeDescriptor: Int32) -> [Event]
    /// Puts the terminal back as it was. Idempotent; called on every exit path.
    func restore()
    /// Sends text to the terminal's clipboard (OSC 52; tmux passes it on with `set-clipboard on`).
    func copyToClipboard(_ text: String)
    /// Leaves full-screen mode, runs `body` with the terminal as the shell had it, and comes back
    /// with the whole screen repainted; returns what `body` returned.
    func suspend(_ body: () -> Int32) -> Int32
}
