import ArgumentParser
import CredentialVault
import Foundation
import ZTenantCore

/// `ztenant doctor`: check the installation and say how to fix each problem.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check paths, permissions, KDF parameters and that the vault opens; say how to fix each problem.",
        discussion: "Exits 0 when everything is fine, 1 when a problem was found. The vault is opened only if a passphrase source is available (or a terminal to ask on).").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let paths = global.paths
        var problems = 0
        // A problem that also stops the vault from opening: then it is not opened, so the
        // same problem is not reported a second time as an open failure.
        var blocking = false
        func ok(_ text: String) { StandardOutput.line("✓ \(text)") }
        func warn(_ text: String) { StandardOutput.line("! \(text)") }
        func fail(_ text: String, fix: String) {
            problems += 1
            StandardOutput.line("✗ \(text)")
            StandardOutput.line("    fix: \(fix)")
        }

        StandardOutput.line("vault: \(paths.vault) (\(paths.vaultSource == "default" ? "default location" : "from " + paths.vaultSource))")
        let folder = (paths.vault as NSString).deletingLastPathComponent
        let folderMode = VaultInspection.mode(of: folder)
        do {
            let settings = try global.settings()
            if FileManager.default.fileExists(atPath: paths.configFile) {
                ok("settings file \(paths.configFile) reads (\(settings.entries.count) setting(s))")
            }
        } catch {
            fail(CLIFailure.from(error).message, fix: "as the message says: ztenant config set KEY VALUE, ztenant config unset KEY, or edit that line")
        }

        if let file = global.environment["ZTENANT_PASSPHRASE_FILE"], !file.isEmpty {
            if !FileManager.default.fileExists(atPath: file) {
                fail("ZTENANT_PASSPHRASE_FILE names \(file), which does not exist", fix: "point ZTENANT_PASSPHRASE_FILE at the file holding the passphrase, or unset it")
            } else if let exposure = PassphraseSource.exposure(ofPassphraseFile: file) {
                warn(exposure)
            } else {
                ok("passphrase file \(file) is private")
            }
        }

        guard let mode = VaultInspection.mode(of: paths.vault) else {
            let create = global.vault != nil ? "ztenant init --vault '\(paths.vault)'" : "ztenant init"
            let folderToo = folderMode == nil ? " (its folder \(folder) does not exist either)" : ""
            fail("no vault at \(paths.vault)\(folderToo)", fix: "\(create) (or point --vault / ZTENANT_VAULT at your vault)")
            StandardOutput.line("\(problems) problem(s) found.")
            throw ExitCode(1)
        }
        // The same rules the vault applies when it opens: what it refuses is a problem that
        // also keeps it shut; what it only warns about is a warning here too.
        do {
            let warnings = try Vault<VaultPayload>.checkPermissions(paths.vault)
            ok("vault file is private (\(mode)), owned by you")
            if warnings.isEmpty { ok("folder \(folder) is private (\(folderMode ?? "?"))") }
            for warning in warnings { warn(warning) }
        } catch let error as VaultError {
            let fix: String
            switch error {
            case .unsafePermissions(_, _, let chmod), .unsafeFolder(_, _, let chmod): fix = chmod
            case .foreignOwner(let path, _): fix = "chown $(id -un) '\(path)', or keep the vault in a folder of your own"
            default: fix = "ztenant init to create a vault"
            }
            fail(error.description, fix: fix)
            blocking = true
        }

        let versionOneBackup = paths.vault + ".v1.bak"
        if FileManager.default.fileExists(atPath: versionOneBackup) {
            warn("\(versionOneBackup) is the format 1 vault kept when this one was converted: an older ztenant can open it, under the passphrase of the day it was converted (rekey reseals it). Delete it once you no longer need it.")
        }
        for extra in [paths.backup, paths.lock, versionOneBackup] {
            if let extraMode = VaultInspection.mode(of: extra), !(extraMode.hasSuffix("00")) {
                fail("\(extra) mode is \(extraMode)", fix: "chmod 600 '\(extra)'")
            }
        }

        do {
            let inspection = try VaultInspection.inspect(at: paths.vault)
            if inspection.isExport {
                fail("\(paths.vault) is an export, not a vault", fix: "ztenant import '\(paths.vault)' into a vault made with ztenant init")
                blocking = true
            } else {
                if inspection.version == 1 {
                    ok("format version 1, \(inspection.size) bytes, checksum intact (the next change converts it to format 2 and keeps this file as \(paths.vault).v1.bak)")
                } else {
                    ok("format version \(inspection.version), vault identity \(inspection.identity ?? "?"), \(inspection.size) bytes, checksum intact")
                }
            }
            if let cost = inspection.parameters.capViolation {
                fail("key derivation \(inspection.parameters) is over the caps: \(cost)", fix: "restore the vault from \(paths.backup)")
                blocking = true
            } else if inspection.parameters.isWeakerThanDefault {
                warn("key derivation \(inspection.parameters) is weaker than the default \(KDFParameters.default); ztenant rekey --kdf-log-n \(KDFParameters.default.logN) strengthens it")
            } else {
                ok("key derivation \(inspection.parameters)")
            }
        } catch {
            fail(CLIFailure.from(error).message, fix: FileManager.default.fileExists(atPath: paths.backup)
                ? "check the backup: ztenant --vault '\(paths.backup)' list" : "restore the vault from your own backup")
            blocking = true
        }

        let stale = VaultInspection.staleTemporaries(besides: paths.vault)
        if !stale.isEmpty {
            warn("\(stale.count) temporary file(s) from an interrupted save: \(stale.joined(separator: ", ")) (removed by the next save)")
        }

        if blocking {
            warn("vault not opened: it will not open until the problem(s) above are fixed")
        } else {
            openVault(paths: paths, ok: ok, warn: warn, fail: fail)
        }

        if ProcessInfo.processInfo.environment["ZTENANT_PASSPHRASE"] != nil {
            warn("ZTENANT_PASSPHRASE is set: child processes inherit it; prefer ZTENANT_PASSPHRASE_FILE or --passphrase-fd")
        }
        StandardOutput.line(problems == 0 ? "No problems found." : "\(problems) problem(s) found.")
        if problems > 0 { throw ExitCode(1) }
    }

    /// Opens the vault (when a passphrase source is at hand) and checks every profile.
    private func openVault(paths: ZTenantPaths, ok: (String) -> Void, warn: (String) -> Void, fail: (String, String) -> Void) {
        do {
            let source = global.passphraseSource()
            let passphrase = try source.passphrase(for: paths.vault)
            let (vault, payload) = try Vault<VaultPayload>.open(at: paths.vault, passphrase: passphrase)
            ok("vault opens: \(payload.profiles.count) profile(s), \(payload.sessions.count) stored session(s)")
            // Every history chunk is read and checked: a read command reads only the ones it shows.
            let checks = try payload.profiles.reduce(0) { $0 + (try payload.history(of: $1.name)).count }
            ok("history reads: \(checks) stored check(s)")
            // What the next save resumes the trailing digest from (docs/vault-format.md).
            switch try vault.chainStatesMatchFile() {
            case true?: ok("chain states match the file")
            case false?:
                fail("the manifest's chain states do not match the file: the next save would write a trailing digest that older builds and doctor report as damage (every section still opens)",
                    "ztenant rekey rewrites the file whole, with chain states computed afresh")
            case nil: break
            }
            if let reason = payload.writeRefusal {
                warn("the vault \(reason): this build reads it but will not write to it")
            } else {
                ok("payload schema \(payload.schema)")
            }
            for profile in payload.profiles {
                let found = ProfileValidation.problems(in: profile)
                if !found.isEmpty {
                    fail("profile \(profile.name): \(found.map(\.message).joined(separator: "; "))", "ztenant edit \(profile.name) …")
                }
            }
        } catch PassphraseError.noSource {
            warn("vault not opened: no passphrase source and no terminal (set ZTENANT_PASSPHRASE_FILE or use --passphrase-fd)")
        } catch {
            fail(CLIFailure.from(error).message, "a wrong passphrase: try again, or the source it came from (--passphrase-fd, ZTENANT_PASSPHRASE_FILE, ZTENANT_PASSPHRASE); anything else: as the message says")
        }
    }
}

/// `ztenant paths`: where ztenant keeps its files.
struct PathsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "Print where ztenant keeps its files.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Flag(help: "A JSON object.")
    var json = false

    struct Document: Encodable {
        let schema = 1
        let vault: String
        let vaultSource: String
        let backup: String
        let lock: String
        let config: String
        let themes: String
    }

    func run() async throws {
        let paths = global.paths
        if json {
            StandardOutput.line(JSONLine.encode(Document(vault: paths.vault, vaultSource: paths.vaultSource, backup: paths.backup,
                lock: paths.lock, config: paths.configFile, themes: paths.themesFolder)))
            return
        }
        for (label, value) in [
            ("vault", "\(paths.vault)  (\(paths.vaultSource))"), ("backup", paths.backup), ("lock", paths.lock),
            ("config", paths.configFile), ("themes", paths.themesFolder),
        ] {
            StandardOutput.line(DisplayWidth.pad(label, to: 8) + value)
        }
    }
}
