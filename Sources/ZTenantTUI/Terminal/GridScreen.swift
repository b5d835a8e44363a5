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
    private var script: [Step]
    private let queue: EventQueue?

    /// One step of a script: deliver an event, or wait until the app's queue holds an event
    /// that matches (an effect's answer), without delivering anything.
    public enum Step {
        case event(Event)
        case awaitEvent(@Sendable (Event) -> Bool)
    }
    public private(set) var restored = false
    /// Every text sent to the clipboard.
    public private(set) var clipboard: [String] = []
    /// How many times the screen was suspended (for `!`).
    public private(set) var suspensions = 0

    /// A screen of a size that will deliver `script` one event per wait.
    public init(size: TerminalSize, script: [Event] = []) {
        self.size = size
        self.script = script.map { .event($0) }
        self.queue = nil
    }

    /// A screen that plays `steps`, waiting on `queue` (the app's) where a step says so.
    public init(size: TerminalSize, queue: EventQueue, steps: [Step]) {
        self.size = size
        self.script = steps
        self.queue = queue
    }

    public func present(_ grid: Grid, theme: Theme) {
        frames.append(grid)
        lastTheme = theme
    }

    public func waitForInput(timeoutMilliseconds: Int32, wakeDescriptor: Int32) -> [Event] {
        guard !script.isEmpty else { return [.key(.control("c"))] }
        let step = script.removeFirst()
        if case .awaitEvent(let predicate) = step, let queue {
            let end = ContinuousClock.now + .seconds(20)
            while !queue.hasPending(where: predicate) && ContinuousClock.now < end {
                var descriptor = pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&descriptor, 1, 200)
                var drain = [UInt8](repeating: 0, count: 256)
                _ = read(wakeDescriptor, &drain, drain.count)
            }
            return []
        }
        guard case .event(let next) = step else { return [] }
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
