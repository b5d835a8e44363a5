import Foundation
import ZTenantCore
import ZuoraAPI

/// Something that happened: a key, a resize, a timer, or the result of an effect.
public enum Event: Sendable {
    /// A key was pressed.
    case key(Key)
    /// The terminal has a new size.
    case resize(TerminalSize)
    /// A clock tick (drives the spinner and the auto-lock countdown).
    case tick(Date)
    /// The vault opened.
    case unlocked(VaultPayload)
    /// The vault did not open; `corrupted` tells a damaged file from a wrong passphrase.
    case unlockFailed(message: String, corrupted: Bool)
    /// The vault's contents changed on disk through a save (ours, merged with others').
    case payloadChanged(VaultPayload, message: String?)
    /// The vault was rekeyed or rolled back by someone else: the key this process holds must
    /// not write again, so the TUI locks and asks for the passphrase.
    case keyNoLongerFits(String)
    /// A setting was written to `config.toml`.
    case settingSaved(String)
    /// Something the user should know once (the vault was converted to format 2).
    case notice(String)
    /// A save was refused.
    case saveFailed(String)
    /// One profile's check finished.
    case checkResult(FleetCheckResult)
    /// A fleet check ended (all done or cancelled).
    case checksFinished(cancelled: Bool)
    /// A `use` login finished.
    case used(name: String, outcome: ConnectionOutcome?, reused: Bool)
    /// A session to copy or open a shell with is ready.
    case sessionReady(ProvidedSession, ProfileHandOver)
    /// No session could be had for a copy or a shell: the failed login's outcome, or why.
    case handOverFailed(name: String, outcome: ConnectionOutcome?, reason: String)
    /// The shell `!` started has ended with this status (-1: it did not start).
    case shellEnded(profile: String, status: Int32)
    /// The editor's Test finished.
    case tested(ConnectionOutcome)
    /// The process was asked to stop (SIGTERM, SIGHUP).
    case terminate(signal: Int32)
}

/// Rows and columns.
public struct TerminalSize: Sendable, Hashable {
    /// Rows.
    public var rows: Int
    /// Columns.
    public var columns: Int

    /// Creates a size.
    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }
}
