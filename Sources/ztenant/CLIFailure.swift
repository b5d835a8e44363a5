import CredentialVault
import ZTenantCore
import ZuoraAPI

/// A failure the user can act on: a message that says what happened, why and what to do,
/// and the documented exit code.
struct CLIFailure: Error {
    let message: String
    let exitCode: Int32

    init(_ message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }

    /// Maps the core's errors to the exit codes of docs/commands.md.
    static func from(_ error: any Error) -> CLIFailure {
        switch error {
        case let failure as CLIFailure:
            return failure
        case let error as VaultError:
            switch error {
            case .wrongPassphrase, .unsafePermissions, .unsafeFolder, .foreignOwner, .missing, .rekeyedElsewhere, .rolledBack:
                return CLIFailure(error.description, exitCode: ExitStatus.locked)
            case .corrupted, .unsupportedVersion, .kdfParametersOutOfRange, .notAVault, .readOnly, .unreadableNewer:
                return CLIFailure(error.description, exitCode: ExitStatus.corrupted)
            case .alreadyExists, .fileExists:
                return CLIFailure(error.description, exitCode: ExitStatus.usage)
            case .changedOnDisk, .lockTimeout, .payload, .io, .hardeningFailed:
                return CLIFailure(error.description, exitCode: ExitStatus.unexpected)
            }
        case let error as PassphraseError:
            switch error {
            case .mismatch, .tooShort:
                return CLIFailure(error.description, exitCode: ExitStatus.usage)
            case .noSource, .noNewSource, .unreadable, .empty:
                return CLIFailure(error.description, exitCode: ExitStatus.locked)
            }
        case let error as ProfileError:
            switch error {
            case .noSuchProfile:
                return CLIFailure(error.description, exitCode: ExitStatus.noSuchProfile)
            case .duplicateName, .invalid:
                return CLIFailure(error.description, exitCode: ExitStatus.usage)
            }
        case let error as ConfigError:
            return CLIFailure("\(error)", exitCode: error.kind == .io ? ExitStatus.unexpected : ExitStatus.usage)
        case let error as SettingValueError:
            return CLIFailure(error.description, exitCode: ExitStatus.usage)
        case let error as SessionError:
            return CLIFailure(error.description, exitCode: error.outcome.status.exitCode)
        default:
            return CLIFailure("unexpected error: \(TextSanitizer.sanitize(String(describing: error)))", exitCode: ExitStatus.unexpected)
        }
    }
}
