/// Why a vault operation failed. Each message says what happened, why, and what to do.
public enum VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The passphrase does not open the vault.
    case wrongPassphrase(path: String)
    /// The file is damaged or truncated; `backup` names the previous generation if there is one.
    case corrupted(path: String, reason: String, backup: String?)
    /// The file was written by a newer ztenant.
    case unsupportedVersion(path: String, found: Int, supported: Int)
    /// The KDF parameters in the file are outside the accepted caps: the parameters, and what
    /// they would have cost.
    case kdfParametersOutOfRange(parameters: String, cost: String)
    /// The vault file (or its folder) can be read by group or others.
    case unsafePermissions(path: String, mode: String, fix: String)
    /// The vault (or its folder) belongs to another user, who could replace it.
    case foreignOwner(path: String, owner: UInt32)
    /// The vault's folder can be written by group or others, who could swap the file.
    case unsafeFolder(path: String, mode: String, fix: String)
    /// A file that was to be created exists already (exports are never written over).
    case fileExists(path: String)
    /// There is no vault at the path.
    case missing(path: String)
    /// A vault already exists where one was to be created.
    case alreadyExists(path: String)
    /// The file is not a ztenant vault or export at all.
    case notAVault(path: String)
    /// Another process changed the vault since it was read, and the write would have dropped that change.
    case changedOnDisk(path: String)
    /// Another process rekeyed the vault since this process unlocked it; its key no longer
    /// fits, and writing under it would undo the rekey.
    case rekeyedElsewhere(path: String)
    /// The contents were written by a newer build: readable, never written back by this one.
    case readOnly(path: String, reason: String)
    /// The contents were written by a newer build, with kinds this build cannot read at all.
    case unreadableNewer(path: String, reason: String)
    /// The file on disk is an older generation than this process has already seen: an old
    /// copy was put back over the vault. `found` is nil when the copy is from before this
    /// process's own rekey (its generation cannot be read with the current key).
    case rolledBack(path: String, found: UInt64?, seen: UInt64)
    /// The process could not be made non-dumpable, so secrets could end up in a core dump.
    case hardeningFailed(String)
    /// Another process holds the vault's lock for too long.
    case lockTimeout(path: String)
    /// The payload could not be encoded or decoded.
    case payload(String)
    /// A file-system call failed.
    case io(path: String, operation: String, message: String)

    public var description: String {
        switch self {
        case .wrongPassphrase(let path):
            return "wrong passphrase for the vault \(path). Try again; the passphrase is case-sensitive."
        case .corrupted(let path, let reason, let backup):
            let restore = backup.map { " The previous generation is kept at \($0): check it with `ztenant --vault \($0) list`, then copy it over the vault." }
                ?? " There is no backup (.bak) beside it."
            return "the vault \(path) is corrupted (\(reason)).\(restore)"
        case .unsupportedVersion(let path, let found, let supported):
            return "the vault \(path) uses format version \(found), but this ztenant reads versions up to \(supported). Upgrade ztenant; the file was not changed."
        case .kdfParametersOutOfRange(let parameters, let cost):
            return "the file asks for key-derivation parameters over the caps (\(parameters): \(cost)); nothing was derived. It was not made by ztenant or has been tampered with."
        case .unsafePermissions(let path, let mode, let fix):
            return "the vault \(path) is readable by other users (mode \(mode)); refusing to use it. Fix it with: \(fix)"
        case .foreignOwner(let path, let owner):
            return "\(path) belongs to another user (uid \(owner)), who could replace the vault; refusing to use it. Keep the vault in a folder of your own (the default, ~/.local/share/ztenant, is)."
        case .unsafeFolder(let path, let mode, let fix):
            return "the vault's folder \(path) can be written by other users (mode \(mode)), who could replace the vault or its backup; refusing to use it. Fix it with: \(fix)"
        case .fileExists(let path):
            return "\(path) already exists; ztenant never writes over a file. Choose another path or move that file away first."
        case .missing(let path):
            return "no vault at \(path). Create one with `ztenant init`, or point --vault / ZTENANT_VAULT at an existing one."
        case .alreadyExists(let path):
            return "a vault already exists at \(path); not overwriting it. Use `ztenant rekey` to change its passphrase, or choose another path with --vault."
        case .notAVault(let path):
            return "\(path) is not a ztenant vault or export (unknown format)."
        case .changedOnDisk(let path):
            return "the vault \(path) was changed by another process since it was read; nothing was written. Reload and try again."
        case .rekeyedElsewhere(let path):
            return "the vault \(path) was rekeyed elsewhere (a new passphrase and key) since this process unlocked it; nothing was written. Unlock again with the new passphrase."
        case .unreadableNewer(let path, let reason):
            return "the vault \(path) \(reason), and holds kinds of data this build cannot read; nothing was changed. Open it with the newer build (do not restore the backup over it: that would drop what the newer build stored)."
        case .readOnly(let path, let reason):
            return "the vault \(path) \(reason), so this build reads it but writes nothing to it (it would drop what the newer build stored); nothing was written. Use the newer build to change it."
        case .rolledBack(let path, let found, let seen):
            let what = found.map { "holds generation \($0), older than generation \(seen) this process already read" }
                ?? "holds a copy from before this process rekeyed it (generation \(seen) was already read)"
            return "the vault \(path) \(what): an old copy was put back over it. Nothing was read or written; if the rollback was intended, unlock again."
        case .hardeningFailed(let reason):
            return "cannot protect this process's memory before handling secrets (\(reason)); refusing to continue, so no secret can end up in a core dump."
        case .lockTimeout(let path):
            return "the vault \(path) is locked by another ztenant process; try again when it has finished."
        case .payload(let message):
            return "the vault's contents could not be read or written: \(message)"
        case .io(let path, let operation, let message):
            return "cannot \(operation) \(path): \(message)"
        }
    }
}
