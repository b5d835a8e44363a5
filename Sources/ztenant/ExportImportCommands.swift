import ArgumentParser
import CredentialVault
import Foundation
import ZTenantCore
import ZuoraAPI

/// `ztenant export`: write profiles to an encrypted file.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write profiles (with passwords) to a new file encrypted under its own passphrase. Never plain text.",
        discussion: "The export's passphrase comes from --new-passphrase-fd, ZTENANT_NEW_PASSPHRASE, or is asked twice. Sessions and history are not exported. An existing file is never overwritten.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions
    @OptionGroup var newPassphrase: NewPassphraseOptions

    @Option(help: ArgumentHelp("The file to create.", valueName: "file"))
    var out: String

    @Argument(help: "Profiles to export (default: all).", completion: ProfileNameCompletion.kind)
    var names: [String] = []

    func run() async throws {
        let (_, payload) = try global.openVaultForWriting()
        let profiles = names.isEmpty ? payload.profiles : try names.map { payload.profiles[try payload.indexOf($0)] }
        // Said before the passphrase is asked for; the write itself never replaces a name either.
        if FileManager.default.fileExists(atPath: out) { throw VaultError.fileExists(path: out) }
        let passphrase = try global.passphraseSource(newDescriptor: newPassphrase.newPassphraseFd)
            .newPassphrase(purpose: "the export \(out)", allowCurrentSources: false)
        try SealedExport<ExportPayload>.write(ExportPayload(profiles: profiles), to: out, passphrase: passphrase,
            parameters: newPassphrase.parameters ?? .default)
        StandardOutput.line("Exported \(profiles.count) profile(s) to \(out) (encrypted; import with `ztenant import \(out)`).")
    }
}

/// `ztenant import`: merge an export into the vault.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Merge profiles from an encrypted export, with a report per profile.",
        discussion: "The export's passphrase comes from --import-passphrase-fd, ZTENANT_IMPORT_PASSPHRASE, or is asked. Existing profiles are kept unless --overwrite is given. A file that is not a ztenant export is refused.").subcommandOfZtenant()

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The export file.")
    var file: String

    @Flag(help: "Replace profiles that already exist with the exported ones.")
    var overwrite = false

    @Option(name: .long, help: ArgumentHelp("Read the export's passphrase from this open file descriptor.", valueName: "n"))
    var importPassphraseFd: Int32?

    func run() async throws {
        // The file is checked before any passphrase is asked for: a missing file or a vault
        // given by mistake is said at once, in its own words.
        let bytes = try Self.readExportFile(file)
        let (vault, _) = try global.openVaultForWriting()
        do {
            var environment = global.environment
            environment["ZTENANT_PASSPHRASE"] = environment["ZTENANT_IMPORT_PASSPHRASE"]
            environment["ZTENANT_PASSPHRASE_FILE"] = nil
            let source = PassphraseSource(descriptor: importPassphraseFd, environment: environment) { question in
                try SecretInput.promptIfTerminal(question)
            }
            let export: ExportPayload
            do {
                export = try SealedExport<ExportPayload>.read(bytes: bytes, path: file,
                    passphrase: try source.passphrase(for: "the export \(file)"))
            } catch VaultError.wrongPassphrase {
                throw CLIFailure("wrong passphrase for the export \(file): it is the passphrase given to `ztenant export`, not the vault's. It comes from --import-passphrase-fd N, ZTENANT_IMPORT_PASSPHRASE or the prompt.", exitCode: ExitStatus.locked)
            } catch PassphraseError.noSource {
                throw CLIFailure("no passphrase for the export \(file) and no terminal to ask on: give it with --import-passphrase-fd N or ZTENANT_IMPORT_PASSPHRASE.", exitCode: ExitStatus.locked)
            }
            guard export.schema <= ExportPayload.currentSchema else {
                throw CLIFailure("the export \(file) was written by a newer ztenant (export schema \(export.schema); this build understands up to \(ExportPayload.currentSchema)); importing it here would drop what that build stored. Import it with the newer build.", exitCode: ExitStatus.corrupted)
            }
            let (report, _) = try vault.update { $0.merge(export, overwrite: overwrite) }
            var problems = 0
            for (rawName, result) in report {
                // Names come from the export file, which anyone could have crafted.
                let name = TextSanitizer.sanitize(rawName, limit: 80)
                switch result {
                case .added: StandardOutput.line("  added     \(name)")
                case .replaced: StandardOutput.line("  replaced  \(name)")
                case .skippedExisting: StandardOutput.line("  skipped   \(name) (exists; --overwrite replaces it)")
                case .invalid(let reasons):
                    problems += 1
                    StandardOutput.line("  invalid   \(name): \(TextSanitizer.sanitize(reasons.joined(separator: "; "), limit: 1000))")
                }
            }
            let added = report.filter { $0.result == .added || $0.result == .replaced }.count
            StandardOutput.line("Imported \(added) of \(report.count) profile(s) from \(file).")
            if problems > 0 { throw ExitCode(ExitStatus.usage) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw CLIFailure.from(error)
        }
    }
}

extension ImportCommand {
    /// Reads an export file once, saying what it is when it is not one: missing (exit 2), a
    /// vault (exit 2, with how to export from it), or damaged or foreign (the vault errors'
    /// exit codes).
    static func readExportFile(_ path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIFailure("no file at \(path): give the path of a file made with `ztenant export --out FILE`.", exitCode: ExitStatus.usage)
        }
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CLIFailure("cannot read \(path): \(error.localizedDescription)", exitCode: ExitStatus.usage)
        }
        let inspection: VaultInspection
        inspection = try VaultInspection.inspect(bytes: bytes, path: path)
        guard inspection.isExport else {
            throw CLIFailure("\(path) is a ztenant vault, not an export. To copy its profiles, export them first: `ztenant --vault \(path) export --out profiles.ztx`, then `ztenant import profiles.ztx`.", exitCode: ExitStatus.usage)
        }
        return bytes
    }
}
