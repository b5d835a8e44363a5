import Foundation
import ZTenantCore
import ZTenantThemes

#if canImport(Glibc)
import Glibc
#endif

/// A screen with no terminal: it keeps every frame presented and plays back scripted keys.
/// The TUI's equivalent of ratatui's `TestBackend`.
public final class GridScreen: Screen, @unchecked Sendable {
    public var size: TerminalSize
    /// Frames in the order presented.
    public private(set) var frames: [Grid] = []
    /// The theme of the last frame.
    public private(set) var lastTheme: Theme?
    private var script: [Event]
    public private(set) var restored = false
    /// Every text sent to the clipboard.
    public private(set) var clipboard: [String] = []
    /// How many times the screen was suspended (for `!`).
    public private(set) var suspensions = 0

    /// A screen of a size that will deliver `script` one event per wait.
    public init(size: TerminalSize, script: [Event] = []) {
        self.size = size
        self.script = script
    }

    public func present(_ grid: Grid, theme: Theme) {
        frames.append(grid)
        lastTheme = theme
    }

    /// A script step that delivers nothing but waits (up to 20 s, in poll(2)) until an
    /// effect's answer wakes the loop: a session arriving, a check ending. Answers posted
    /// together wake it once.
    public static let awaitEffect = Event.tick(.distantPast)

    public func waitForInput(timeoutMilliseconds: Int32, wakeDescriptor: Int32) -> [Event] {
        guard !script.isEmpty else { return [.key(.control("c"))] }
        let next = script.removeFirst()
        if case .tick(let date) = next, date == .distantPast {
            var descriptor = pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 20_000)
            // Take the wake-up bytes, as the real screen does, so the next wait waits.
            var drain = [UInt8](repeating: 0, count: 256)
            _ = read(wakeDescriptor, &drain, drain.count)
            return []
        }
        if case .resize(let newSize) = next { size = newSize }
        return [next]
    }

    public func restore() {
        restored = true
    }

    public func copyToClipboard(_ text: String) {
        clipboard.append(text)
    }

    public func suspend(_ body: () -> Int32) -> Int32 {
        suspensions += 1
        return body()
    }
}
