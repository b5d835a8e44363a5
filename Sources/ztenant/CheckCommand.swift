import ArgumentParser
import Foundation
import ZTenantCore
import ZuoraAPI

/// `ztenant check`: log in with one, several or all profiles and report each outcome.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check which credentials still authenticate, and why the others fail.",
        discussion: "Profiles are checked concurrently (--concurrency, default 8; at most 4 per host) and each result is printed as it arrives. A host that answers 429 gets no further calls in this run. Every result is stored in the profile's history and every new session is kept, in one vault write at the end. Exit: one profile → its status's code; several → 0 if all are ok, else 30 (--fail-on none → 0).")

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case any, none
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Profiles to check (default: the active one).")
    var names: [String] = []

    @Flag(help: "Check every profile.")
    var all = false

    @Flag(help: "One JSON object per profile, one per line (schema 1).")
    var json = false

    @Option(help: "Logins in flight at once.")
    var concurrency: Int = 8

    @Option(help: "When several profiles are checked: exit 30 if any failed (any) or always 0 (none).")
    var failOn: FailOn = .any

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if all && !names.isEmpty { throw ValidationError("give profile names or --all, not both") }
        if !(1...64).contains(concurrency) { throw ValidationError("--concurrency must be 1–64") }
    }

    func run() async throws {
        let (vault, payload) = try global.openVault()
        let profiles: [Profile]
        do {
            if all {
                profiles = payload.profiles
            } else if names.isEmpty {
                profiles = [payload.profiles[try payload.indexOf(try ActiveProfile.resolve(nil, in: payload))]]
            } else {
                profiles = try names.map { payload.profiles[try payload.indexOf($0)] }
            }
        } catch {
            throw CLIFailure.from(error)
        }
        guard !profiles.isEmpty else {
            StandardOutput.line("No profiles to check. Add one: ztenant add NAME --url URL --user USER")
            return
        }

        let handle = try connection.makeClient()
        var results: [FleetCheckResult] = []
        let width = TerminalWidth.current()
        for await result in FleetCheck(client: handle.client, concurrency: concurrency).run(profiles) {
            results.append(result)
            if json {
                StandardOutput.line(OutcomeDocument(profile: result.profile.name, outcome: result.outcome).jsonLine())
            } else {
                StandardOutput.line(Self.line(for: result, width: width))
            }
        }
        await handle.close()
        do {
            try FleetRecorder.record(results, in: vault)
        } catch {
            throw CLIFailure.from(error)
        }

        let failed = results.filter { !$0.outcome.ok }
        if !json && results.count > 1 {
            StandardOutput.line("\(results.count) checked: \(results.count - failed.count) ok, \(failed.count) failed.")
        }
        if results.count == 1, let only = results.first, !only.outcome.ok {
            throw ExitCode(only.outcome.status.exitCode)
        }
        if results.count > 1, !failed.isEmpty, failOn == .any {
            throw ExitCode(ExitStatus.someChecksFailed)
        }
    }

    /// `✗ acme-eu  auth_failed  HTTP 401  120ms  90000011: this resource is protected…`
    static func line(for result: FleetCheckResult, width: Int) -> String {
        let outcome = result.outcome
        var parts = ["\(outcome.status.symbol) \(result.profile.name)", outcome.status.rawValue]
        if let http = outcome.httpStatus { parts.append("HTTP \(http)") }
        if let latency = outcome.latencyMs { parts.append("\(latency)ms") }
        if outcome.ok {
            parts.append(result.profile.host)
        } else if let reason = outcome.reasons.first {
            parts.append(reason.summary)
        } else {
            parts.append(outcome.detail)
        }
        return DisplayWidth.truncate(parts.joined(separator: "  "), to: max(width, 60))
    }
}
