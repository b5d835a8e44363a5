import Foundation
import ZTenantCore
import ZTenantThemes
import ZuoraAPI

/// The running TUI: the loop that reads input, applies ``Update/update(_:_:)``, hands effects
/// to the ``EffectRunner`` and paints ``Renderer/render(_:)`` on a ``Screen``.
public final class TUIApplication: @unchecked Sendable {
    private var state: AppState
    private let runner: EffectRunner
    private let queue: EventQueue
    private let catalog: ThemeCatalog
    private let forceMonochrome: Bool
    private var theme: Theme
    private var themeProblem: String?
    /// The screen while ``run(on:)`` runs: terminal effects (clipboard, shell) need it.
    private var screen: Screen?
    private let environment: [String: String]

    /// Creates the application.
    ///
    /// - Parameters:
    ///   - state: the first state (locked, creating, or already unlocked for the demo).
    ///   - runner: runs effects; it posts to `queue`.
    ///   - catalog: the themes.
    ///   - monochrome: NO_COLOR / --no-color.
    ///   - environment: the process environment a `!` shell starts from (and `$SHELL`).
    public init(state: AppState, runner: EffectRunner, queue: EventQueue, catalog: ThemeCatalog, monochrome: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment)
    {
        self.environment = environment
        self.state = state
        self.runner = runner
        self.queue = queue
        self.catalog = catalog
        self.forceMonochrome = monochrome
        let loaded = monochrome ? (Theme.monochrome, nil) : catalog.load(state.themeName)
        self.theme = loaded.0
        self.themeProblem = loaded.1
    }

    /// Runs until quit; returns the process exit status (0, or 128 + signal).
    public func run(on screen: Screen) -> Int32 {
        self.screen = screen
        defer {
            screen.restore()
            self.screen = nil
        }
        state.size = screen.size
        if let problem = themeProblem { state.message = .init(text: problem, kind: .error) }
        var exitStatus: Int32 = 0
        var lastTick = Date()
        var lastFrame: Grid?
        while !state.quitting {
            let grid = Renderer.render(state)
            if grid != lastFrame {
                screen.present(grid, theme: theme)
                lastFrame = grid
            }
            state.framesShown += 1
            let busy = state.isBusy
            let events = screen.waitForInput(timeoutMilliseconds: busy ? 100 : 250, wakeDescriptor: queue.wakeDescriptor) + queue.drain()
            let now = Date()
            var all = events
            if now.timeIntervalSince(lastTick) >= (busy ? 0.1 : 1) || events.isEmpty {
                all.append(.tick(now))
                lastTick = now
            }
            for event in all {
                if case .terminate(let signal) = event { exitStatus = 128 + signal }
                apply(event)
            }
        }
        return exitStatus
    }

    /// Applies one event: update, theme changes, effects.
    func apply(_ event: Event) {
        let before = state.themeName
        let effects = Update.update(&state, event)
        if state.themeName != before && !forceMonochrome {
            let loaded = catalog.load(state.themeName)
            theme = loaded.theme
            if let problem = loaded.problem { state.message = .init(text: problem, kind: .error) }
        }
        for effect in effects {
            if case .terminal(let action) = effect {
                perform(action)
            } else {
                runner.run(effect)
            }
        }
    }

    /// Clipboard and shell: on this thread, which owns the terminal.
    private func perform(_ action: TerminalAction) {
        guard let screen else { return }
        switch action {
        case .clipboard(let session):
            screen.copyToClipboard(session.reveal())
        case .shell(let profile, let secrets, let variables):
            let program = environment["SHELL"].flatMap { $0.isEmpty ? nil : $0 } ?? "/bin/sh"
            let childEnvironment = SessionVariables.environment(environment,
                with: variables.map { ($0.key, $0.value) } + secrets.map { ($0.key, $0.value.reveal()) })
            let started = Date()
            let status = screen.suspend { ShellLauncher.run(program, environment: childEnvironment) }
            let now = Date()
            apply(.shellEnded(profile: profile, status: status))
            // The loop was blocked while the shell ran, and so was the idle lock: a shell that
            // outlasted it locks the vault on return rather than grant a fresh idle period.
            if now.timeIntervalSince(started) >= Double(state.autoLockSeconds) {
                state.lastActivity = started
                apply(.tick(now))
            } else {
                state.lastActivity = now
            }
        }
    }

    /// The current state, for tests.
    public var currentState: AppState { state }
}
