import ArgumentParser
import Foundation
import ZTenantCore
import ZuoraAPI

/// `ztenant check`: log in with one, several or all profiles and report each outcome.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check which credentials still authenticate, and why the others fail.",
        discussion: "Profiles are checked concurrently (--concurrency, default 8; at most 4 per host) and each result is printed as it arrives. A 429 for a tenant's quota holds back that user's other profiles on the host; any other 429 holds back the whole host; held-back profiles are reported not_checked and keep their last real result. Every result is stored in the profile's history and every new session is kept, in one vault write at the end — also when the check is stopped by Ctrl-C, SIGTERM, SIGHUP or a closed output pipe (exit 130, 143, 129, 141; stderr says how many were left unchecked). Exit: one profile → its status's code; several → 0 if all are ok, else 30 (--fail-on none → 0).").subcommandOfZtenant()

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case any, none
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Profiles to check (default: the active one).", completion: ProfileNameCompletion.kind)
    var names: [String] = []

    @Flag(help: "Check every profile.")
    var all = false

    @Option(help: ArgumentHelp("Check the profiles this filter matches (as list --filter): status:!ok rechecks the failing ones.", valueName: "filter"))
    var filter: String?

    @Flag(help: "One JSON object per profile, one per line (schema 1).")
    var json = false

    @Option(help: "Logins in flight at once.")
    var concurrency: Int = 8

    @Option(help: ArgumentHelp("Logins per host: N/min, N/s or unlimited (default: the rate setting, else 90/min, under Zuora's 100 a minute per client IP).", valueName: "rate"))
    var rate: String?

    @Option(help: ArgumentHelp("Seconds to wait out a 429's delay before sending a held-back profile anyway, 0 to 3600 (default: the max-wait setting, else 60; 0 never waits). Longer delays end as not_checked.", valueName: "seconds"))
    var maxWait: Int?

    @Option(help: "When several profiles are checked: exit 30 if any failed (any) or always 0 (none).")
    var failOn: FailOn = .any

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if all && !names.isEmpty { throw ValidationError("give profile names or --all, not both") }
        if filter != nil && !names.isEmpty { throw ValidationError("give profile names or --filter, not both") }
        if let filter { _ = try ProfileFilter.parseOption(filter) }
        if !(1...64).contains(concurrency) { throw ValidationError("--concurrency must be 1–64") }
        if let rate {
            do { _ = try FleetRate.parse(rate) } catch { throw ValidationError("--rate: \(error)") }
        }
        if let maxWait, !(0...3600).contains(maxWait) { throw ValidationError("--max-wait must be 0–3600 seconds") }
    }

    func run() async throws {
        let settings = try global.settings()
        let (vault, payload) = try global.openVaultForWriting()
        let profiles: [Profile]
        if let filter {
            let parsed = try ProfileFilter.parseOption(filter)
            profiles = payload.profiles.filter { parsed.matches($0, lastStatus: payload.status(of: $0.name)?.last.status) }
            if profiles.isEmpty && !payload.profiles.isEmpty {
                StandardError.write("ztenant: no profile matches --filter '\(TextSanitizer.sanitize(filter, limit: 200))': nothing to check.\n")
                return
            }
        } else if all {
            profiles = payload.profiles
        } else if names.isEmpty {
            profiles = [payload.profiles[try payload.indexOf(try ActiveProfile.resolve(nil, in: payload))]]
        } else {
            profiles = try names.map { payload.profiles[try payload.indexOf($0)] }
        }
        guard !profiles.isEmpty else {
            StandardOutput.line("No profiles to check. Add one: ztenant add NAME --url URL --user USER")
            return
        }

        let (json, concurrency, maxWait) = (json, concurrency, maxWait ?? settings.maxWait)
        // validate() refused a bad --rate; the file's was checked when it was read.
        let pace = try settings.rate(flag: rate)
        let style = json ? OutputStyle.plain : OutputStyle.standardOutput(global: global, settings: settings)
        let format = CheckLine(profiles: profiles, style: style, width: TerminalWidth.current())
        let status = CheckStatusLine(total: profiles.count, rate: pace, environment: global.environment)
        let (ending, results) = try await connection.withClient { client in
            var fleet = FleetCheck(client: client, concurrency: concurrency, rate: pace) { host, rate in
                _ = status.printAbove("ztenant: pacing: \(rate) to \(host) (Zuora allows 100 logins a minute per client IP; see --rate)\n", to: STDERR_FILENO)
            }
            fleet.maxWait = .seconds(maxWait)
            fleet.onWaiting = { name, seconds in
                _ = status.printAbove("ztenant: \(name) waits \(seconds) s: Zuora is rate limiting it (--max-wait \(maxWait) s)\n", to: STDERR_FILENO)
            }
            fleet.onProgress = { status.note($0) }
            let outcome = await Self.run(fleet, profiles: profiles, json: json, format: format, status: status)
            status.finish()
            return outcome
        }
        try FleetRecorder.record(results, in: vault)
        if let code = ending.exitCode {
            let left = profiles.count - results.count
            StandardError.write("ztenant: check stopped by \(ending.cause): \(results.count) of \(profiles.count) checked and saved, \(left) left unchecked.\n")
            throw ExitCode(code)
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

    /// Runs the check until every result is in, a signal comes, or the reader goes away;
    /// returns how it ended and every result that arrived (recorded in every case).
    static func run(_ fleet: FleetCheck, profiles: [Profile], json: Bool, format: CheckLine, status: CheckStatusLine) async
        -> (CheckEnding, [FleetCheckResult])
    {
        let signals = SignalWaiter(signals: [SIGINT, SIGTERM, SIGHUP])
        return await withTaskGroup(of: (CheckEnding, [FleetCheckResult])?.self) { group in
            group.addTask {
                var results: [FleetCheckResult] = []
                for await result in fleet.run(profiles) {
                    results.append(result)
                    let line = json
                        ? OutcomeDocument(profile: result.profile.name, outcome: result.outcome).jsonLine()
                        : format.text(for: result)
                    // SwiftNIO ignores SIGPIPE, so a closed pipe is a failed write: the end.
                    if !status.printAbove(line + "\n", to: STDOUT_FILENO, finished: result.profile.name) {
                        return (.closedPipe, results)
                    }
                }
                return (.finished, results)
            }
            group.addTask {
                guard let number = await signals.waitUnlessCancelled() else { return nil }
                return (.signal(number), [])
            }
            if status.active {
                // Redraws the countdowns; ends when the check does.
                group.addTask {
                    while (try? await Task.sleep(for: .seconds(1))) != nil { status.tick() }
                    return nil
                }
            }
            var ending: CheckEnding?
            var results: [FleetCheckResult] = []
            while let next = await group.next() {
                guard let (end, found) = next else { continue }
                if ending == nil {
                    ending = end
                    group.cancelAll()
                }
                results += found
            }
            return (ending ?? .finished, results)
        }
    }

    /// How the stream of results ended.
    enum CheckEnding: Sendable {
        case finished
        case signal(Int32)
        case closedPipe

        /// 128 + the signal (SIGPIPE for a closed pipe); nil when every result came.
        var exitCode: Int32? {
            switch self {
            case .finished: nil
            case .signal(let number): 128 + number
            case .closedPipe: 128 + SIGPIPE
            }
        }

        var cause: String {
            switch self {
            case .finished: "its end"
            case .signal(SIGINT): "SIGINT (Ctrl-C)"
            case .signal(SIGTERM): "SIGTERM"
            case .signal(SIGHUP): "SIGHUP"
            case .signal(let number): "signal \(number)"
            case .closedPipe: "a closed output pipe"
            }
        }
    }
}
