/// Why a vault operation failed. Each message says what happened, why, and what to do.
public enum VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The passphrase does not open the vault.
    case wrongPassphrase(path: String)
    /// The file is damaged or truncated; `backup` names the previous generation if there is one.
    case corrupted(path: String, reason: String, backup: String?)
    /// The file was written by a newer ztenant.
    case unsupportedVersion(path: String, found: Int, supported: Int)
    /// The KDF parameters in the file are outside the accepted caps.
    case kdfParametersOutOfRange(String)
    /// The vault file (or its folder) can be read by group or others.
    case unsafePermissions(path: String, mode: String, fix: String)
    /// There is no vault at the path.
    case missing(path: String)
    /// A vault already exists where one was to be created.
    case alreadyExists(path: String)
    /// The file is not a ztenant vault or export at all.
    case notAVault(path: String)
    /// Another process changed the vault since it was read, and the write would have dropped that change.
    case changedOnDisk(path: String)
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
            return "the vault \(path) uses format version \(found), but this ztenant reads only version \(supported). Upgrade ztenant; the file was not changed."
        case .kdfParametersOutOfRange(let parameters):
            return "the vault asks for key-derivation parameters out of the accepted range (\(parameters); allowed N ≤ 2^\(KDFParameters.maxLogN), r ≤ \(KDFParameters.maxR), p ≤ \(KDFParameters.maxP)). It was not made by ztenant or has been tampered with."
        case .unsafePermissions(let path, let mode, let fix):
            return "the vault \(path) is readable by other users (mode \(mode)); refusing to use it. Fix it with: \(fix)"
        case .missing(let path):
            return "no vault at \(path). Create one with `ztenant init`, or point --vault / ZTENANT_VAULT at an existing one."
        case .alreadyExists(let path):
            return "a vault already exists at \(path); not overwriting it. Use `ztenant rekey` to change its passphrase, or choose another path with --vault."
        case .notAVault(let path):
            return "\(path) is not a ztenant vault or export (unknown format)."
        case .changedOnDisk(let path):
            return "the vault \(path) was changed by another process since it was read; nothing was written. Reload and try again."
        case .lockTimeout(let path):
            return "the vault \(path) is locked by another ztenant process; try again when it has finished."
        case .payload(let message):
            return "the vault's contents could not be read or written: \(message)"
        case .io(let path, let operation, let message):
            return "cannot \(operation) \(path): \(message)"
        }
    }
}
