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
}
