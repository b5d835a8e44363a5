import Foundation
import ZTenantCore
import ZTenantThemes

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

    /// A screen of a size that will deliver `script` one event per wait.
    public init(size: TerminalSize, script: [Event] = []) {
        self.size = size
        self.script = script
    }

    public func present(_ grid: Grid, theme: Theme) {
        frames.append(grid)
        lastTheme = theme
    }

    public func waitForInput(timeoutMilliseconds: Int32, wakeDescriptor: Int32) -> [Event] {
        guard !script.isEmpty else { return [.key(.control("c"))] }
        let next = script.removeFirst()
        if case .resize(let newSize) = next { size = newSize }
        return [next]
    }

    public func restore() {
        restored = true
    }
}
