import Foundation

/// A real terminal for end-to-end tests: a detached tmux session on a private socket,
/// driven with `send-keys` and read with `capture-pane`.
public final class TmuxSession: @unchecked Sendable {
    /// The private server socket name.
    public let socket: String
    private let name = "t"
    private let outputSignal: PaneOutputSignal

    /// Starts `command` (run by `sh -c`) in a `columns`×`rows` window with `escape-time 0`.
    /// After the command ends the shell prints `EXIT=<status>` and the terminal modes
    /// (`icanon echo isig icrnl opost`, each prefixed with `-` when off), then waits.
    public init(_ command: String, columns: Int = 120, rows: Int = 40, environment: [String: String] = [:]) throws {
        socket = "ztenant-test-\(UUID().uuidString.prefix(8))"
        outputSignal = try PaneOutputSignal()
        let exports = environment.map { "export \($0.key)='\($0.value)'" }.joined(separator: "; ")
        let script = "\(exports.isEmpty ? "" : exports + "; ")\(command); echo \"EXIT=$?\"; echo \"MODES=$(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo|isig|icrnl|opost)$' | tr '\\n' ' ')\"; exec cat"
        // The first call starts the tmux server, which must not inherit an output pipe.
        _ = try SpawnSync.run("tmux", ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)", "sh", "-c", script], captureOutput: false)
        try Self.tmux(["-L", socket, "set-option", "-g", "escape-time", "0"])
        try Self.tmux(["-L", socket, "pipe-pane", "-t", name, outputSignal.pipeCommand])
    }

    /// Sets a tmux option for the whole server (`set-clipboard on`, …).
    public func setOption(_ name: String, _ value: String) throws {
        try Self.tmux(["-L", socket, "set-option", "-g", name, value])
    }

    /// The newest paste buffer: what an application sent with OSC 52 under `set-clipboard on`.
    public func pasteBuffer() throws -> String {
        try Self.tmux(["-L", socket, "show-buffer"])
    }

    /// Types keys: literal text, or tmux key names such as `Enter`, `Escape`, `C-s`, `Tab`.
    public func send(_ keys: String..., literal: Bool = false) throws {
        try Self.tmux(["-L", socket, "send-keys", "-t", name] + (literal ? ["-l"] : []) + keys)
    }

    /// Types text literally.
    public func type(_ text: String) throws {
        try Self.tmux(["-L", socket, "send-keys", "-t", name, "-l", text])
    }

    /// The visible screen.
    public func capture() throws -> String {
        try Self.tmux(["-L", socket, "capture-pane", "-p", "-t", name])
    }

    /// The visible screen with its colours and attributes as SGR escape sequences.
    public func captureWithEscapes() throws -> String {
        try Self.tmux(["-L", socket, "capture-pane", "-p", "-e", "-t", name])
    }

    /// Waits until the screen contains every one of `texts`; fails with the screen after
    /// `deadline`.
    ///
    /// A frame reaches tmux in more than one write, so a capture can hold the part of a frame
    /// that was drawn first: name everything a check then reads from the returned screen here,
    /// not only its first line, or the check races the rest of the frame.
    @discardableResult
    public func waitFor(_ texts: String..., deadline: Duration = .seconds(20)) async throws -> String {
        try await waitUntil(deadline: deadline, what: texts.joined(separator: " and ")) { screen in
            texts.allSatisfy { screen.contains($0) }
        }
    }

    /// Waits until `condition` holds for the screen.
    ///
    /// The screen is captured again each time the pane receives output (the pipe-pane
    /// notification), and at least every half second. The waiting happens on a thread of its
    /// own: a wait of many seconds on one of Swift concurrency's few threads would hold back
    /// every other test in the run, on a two-core machine all of them.
    @discardableResult
    public func waitUntil(deadline: Duration = .seconds(20), what: String,
                          _ condition: @escaping @Sendable (String) -> Bool) async throws -> String {
        try await onItsOwnThread { try self.blockingWait(deadline: deadline, what: what, condition) }
    }

    private func blockingWait(deadline: Duration, what: String, _ condition: (String) -> Bool) throws -> String {
        let end = ContinuousClock.now + deadline
        var screen = ""
        while true {
            // Output already announced is in this capture: tmux queues what the pane wrote for
            // the pipe and parses it in the same callback, and libevent writes the queue out on
            // a later turn of tmux's loop. Were that ever to change, the half-second re-capture
            // below still catches up.
            outputSignal.drain()
            screen = try capture()
            if condition(screen) { return screen }
            let left = end - ContinuousClock.now
            if left <= .zero { break }
            outputSignal.wait(atMost: min(left, .milliseconds(500)))
        }
        throw DeadlinePassed(what: "\(what) on screen; last screen:\n\(screen)")
    }

    /// Resizes the window.
    public func resize(columns: Int, rows: Int) throws {
        try Self.tmux(["-L", socket, "resize-window", "-t", name, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// The process id of the command the shell is running (its first child).
    public func commandPID() throws -> Int32? {
        let shell = try Self.tmux(["-L", socket, "list-panes", "-t", name, "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        try SpawnSync.run("tmux", arguments).output
    }

    deinit {
        // A pane whose process ignores SIGHUP (an ignored signal is inherited from the test
        // runner) outlives kill-server, and so does the server: end the panes first.
        if let panes = try? Self.tmux(["-L", socket, "list-panes", "-a", "-F", "#{pane_pid}"]) {
            for pid in panes.split(separator: "\n").compactMap({ pid_t($0.trimmingCharacters(in: .whitespaces)) }) {
                kill(pid, SIGKILL)
            }
        }
        _ = try? Self.tmux(["-L", socket, "kill-server"])
    }
}
