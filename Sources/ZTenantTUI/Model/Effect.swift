import CredentialVault
import ZuoraAPI
import ZTenantCore
import ZTenantThemes

/// Work `update` asks for; the runtime does it off the UI loop and answers with an ``Event``.
public enum Effect: Sendable, Equatable {
    /// Open the vault with this passphrase.
    case unlock(passphrase: Passphrase)
    /// Create the vault with this passphrase.
    case create(passphrase: Passphrase)
    /// Check these profiles (by name).
    case check([String])
    /// Cancel the running fleet check.
    case cancelChecks
    /// Log in (or reuse the session) and mark active.
    case use(String)
    /// Get a fresh session (reusing a fresh stored one) to copy or to open a shell with.
    case handOver(String, ProfileHandOver)
    /// Something only the terminal can do, done by the loop that owns it.
    case terminal(TerminalAction)
    /// Try a connection with unsaved values.
    case test(Profile)
    /// Change the vault (a read-modify-write).
    case save(PayloadChange)
    /// Read the vault again now (`r`), saying so.
    case reload
    /// Look whether another process changed the vault file, and read it again if so (the
    /// timer asks every few seconds).
    case watchVault
    /// Keep this theme in `config.toml`.
    case setTheme(String)
    /// Keep a setting in `config.toml` quietly (the table's sort and grouping).
    case setSetting(Setting, String)
    /// Drop the key and every decrypted secret.
    case lock
    /// Hand the open vault's key to the agent (docs/agent.md), as `ztenant unlock` does.
    case keepInAgent
    /// Leave the program.
    case quit
}

/// A change to the vault's contents, applied inside one read-modify-write so another
/// process's concurrent changes are merged, not overwritten.
public enum PayloadChange: Sendable, Equatable {
    case add(Profile)
    case replace(original: String, with: Profile)
    case remove(String)
    /// Add (no original) or replace a profile the editor tested, keeping the Test's outcome in
    /// its history and, when the login worked, its session.
    case saveTested(original: String?, profile: Profile, outcome: ConnectionOutcome)

    /// Applies the change.
    public func apply(to payload: inout VaultPayload) throws {
        switch self {
        case .add(let profile):
            try payload.add(profile)
        case .replace(let original, let profile):
            if original != profile.name { try payload.rename(original, to: profile.name) }
            try payload.edit(profile.name) { $0 = profile }
        case .remove(let name):
            try payload.remove(name)
        case .saveTested(let original, let profile, let outcome):
            try (original.map { PayloadChange.replace(original: $0, with: profile) } ?? .add(profile)).apply(to: &payload)
            payload.recordLogin(outcome, for: profile, usedAt: outcome.checkedAt)
        }
    }

    /// What the message line says after it worked.
    public var doneMessage: String {
        switch self {
        case .add(let profile): "Added \(profile.name)."
        case .replace(_, let profile): "Saved \(profile.name)."
        case .remove(let name): "Deleted \(name)."
        case .saveTested(let original, let profile, let outcome):
            (original == nil ? "Added" : "Saved") + " \(profile.name) with its Test result"
                + (outcome.ok && outcome.session != nil ? " and session." : ".")
        }
    }
}

/// What the TUI hands a profile's session to.
public enum ProfileHandOver: Sendable, Equatable {
    /// `⏎`: log in (or reuse), store, mark active.
    case use
    /// `y`: the terminal's clipboard.
    case copy
    /// `!`: a shell.
    case shell

    /// The verb the production guard asks about.
    public var verb: String {
        switch self {
        case .use: "Use"
        case .copy: "Copy the session of"
        case .shell: "Open a shell for"
        }
    }
}

/// Work on the terminal itself: done by ``TUIApplication`` on the thread that owns the screen.
public enum TerminalAction: Sendable, Equatable {
    /// Send this session to the clipboard (OSC 52).
    case clipboard(Secret)
    /// Suspend the screen and run `$SHELL` with these variables set: the session's or token's
    /// as Secrets, the others as text.
    case shell(profile: String, secrets: [String: Secret], variables: [String: String])
}
