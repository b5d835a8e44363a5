import CredentialVault
import Crypto
import Foundation
import ZTenantCore
import ZuoraAPI

/// Opening and saving a large vault, and the KDF at the default cost.
enum VaultBenchmark {
    static func payload(profiles: Int, history: Int) -> VaultPayload {
        var payload = VaultPayload()
        let now = Date()
        for index in 0..<profiles {
            let name = "tenant-\(index)"
            payload.profiles.append(Profile(name: name, baseURL: "https://rest.sandbox.na.zuora.com", user: "api-\(index)@example.com",
                password: Secret("password-\(index)-\(UUID().uuidString)"), entity: index % 3 == 0 ? .name("Europe") : .none,
                tags: ["bench", "team-\(index % 7)"], notes: "benchmark profile \(index)"))
            payload.sessions[name] = StoredSession(value: Secret(String(repeating: "s", count: 256)), obtainedAt: now, lastUsedAt: now,
                fingerprint: "f")
            for check in 0..<history {
                payload.record(ConnectionOutcome(
                    status: check % 5 == 0 ? .authFailed : .ok, url: "https://rest.sandbox.na.zuora.com/v1/connections",
                    httpStatus: check % 5 == 0 ? 401 : 200,
                    reasons: check % 5 == 0 ? [Reason(code: "90000011", message: "this resource is protected, please sign in first")] : [],
                    processId: "ABCDEF0123456789", requestId: UUID().uuidString, trackId: "ztenant-" + UUID().uuidString,
                    rateLimit: RateLimitInfo(limit: 100, remaining: 99, reset: 60), latencyMs: 120 + check, checkedAt: now,
                    detail: "Authenticated; Zuora issued a session."), for: name)
            }
        }
        return payload
    }

    static func run(folder: String) throws {
        Report.say("== vault: 1,000 profiles, 50 checks of history each (format 2, KDF excluded; opens: median of 7, saves: of 11)")
        let payload = payload(profiles: 1000, history: VaultPayload.historyLimit)
        let cheap = KDFParameters(logN: 10)
        let passphrase = Passphrase("benchmark passphrase")
        let path = folder + "/bench.ztv"
        let vault = try Vault<VaultPayload>.create(at: path, passphrase: passphrase, parameters: cheap, payload: payload)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        Report.line("vault file size", String(format: "%.1f MiB", Double(size) / 1_048_576))

        let kdfCheap = try Stopwatch.median(runs: 9) {
            _ = try KeyDerivation.deriveKey(passphrase: passphrase, salt: Array(repeating: 1, count: 32), parameters: cheap)
        }
        // Baselines: reading the whole file (what any format must at least do to check it),
        // and format 1's open (read + JSON-decode the same payload, unencrypted).
        let readBaseline = try Stopwatch.median(runs: 7) { _ = try Data(contentsOf: URL(fileURLWithPath: path)) }
        let plainJSON = try JSONEncoder().encode(VersionOneShape(payload))
        let plainPath = folder + "/plain.json"
        try plainJSON.write(to: URL(fileURLWithPath: plainPath))
        let decodeBaseline = try Stopwatch.median(runs: 7) {
            let data = try Data(contentsOf: URL(fileURLWithPath: plainPath))
            _ = try VaultPayload(legacy: data)
        }

        let listOpen = try Stopwatch.median(runs: 7) {
            _ = try Vault<VaultPayload>.open(at: path, passphrase: passphrase)
        } - kdfCheap
        Report.line("open for `list` (profiles, status, sessions)", Report.ms(listOpen))
        Report.line("  baseline: read the whole file", Report.ms(readBaseline))
        Report.line("  baseline: format 1's open (read + JSON-decode, no crypto)", Report.ms(decodeBaseline))
        Report.line("  ratio open / format 1's open", Report.ratio(listOpen / decodeBaseline))
        let (_, opened) = try Vault<VaultPayload>.open(at: path, passphrase: passphrase)
        let table = Stopwatch.median(runs: 7) { _ = ProfileSummary.table(opened, width: 120) }
        Report.line("  then `list`'s table of 1,000 rows", Report.ms(table))

        let showOpen = try Stopwatch.median(runs: 7) {
            let (_, opened) = try Vault<VaultPayload>.open(at: path, passphrase: passphrase)
            guard try opened.history(of: "tenant-500").count == VaultPayload.historyLimit else {
                throw BenchmarkFailure(what: "show read a short history")
            }
        } - kdfCheap
        Report.line("open for `show` (and one profile's history)", Report.ms(showOpen))
        Report.line("  ratio show / format 1's open", Report.ratio(showOpen / decodeBaseline))

        // Baseline for saves: writing and fsyncing a plain file of the vault's size. It is
        // measured between the saves, round by round, so both see the same moments of a shared
        // machine (its figure moved between 9.7 and 15 ms from one run to the next); and every
        // timed write starts after sync(2), so none pays for the journal commits (and, on a
        // file system mounted with `discard`, the trims) another left pending.
        let plainBytes = Data(count: size)
        func plainWrite() throws -> Double {
            sync()
            return try Stopwatch.time {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: plainPath))
                try handle.truncate(atOffset: 0)
                try handle.write(contentsOf: plainBytes)
                try handle.synchronize()
                try handle.close()
            }
        }
        // What every save of a format 2 file must do besides writing it: the trailing SHA-256
        // that lets a format 1 build say "newer format" instead of "damaged".
        let fileBytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let hashOnly = Stopwatch.median(runs: 9) { _ = SHA256.hash(data: fileBytes) }
        // Saves as format 1 timed them: the payload changed in memory, then written.
        var baselineTimes: [Double] = []
        var passwordTimes: [Double] = []
        var checkTimes: [Double] = []
        var otherCheckTimes: [Double] = []
        func check(_ range: Range<Int>) throws -> Double {
            var checked = try vault.reload()
            for index in range {
                checked.record(ConnectionOutcome(status: .ok, url: "https://rest.sandbox.na.zuora.com/v1/connections", httpStatus: 200,
                    latencyMs: 100, checkedAt: Date(), detail: "Authenticated; Zuora issued a session."), for: "tenant-\(index)")
            }
            sync()
            return try Stopwatch.time { try vault.save(checked) }
        }
        for round in 1...11 {
            var changed = try vault.reload()
            try changed.edit("tenant-7") { $0.password = Secret("changed-\(round)") }
            baselineTimes.append(try plainWrite())
            sync()
            passwordTimes.append(try Stopwatch.time { try vault.save(changed) })
            // The same 200 as the round before (a fleet or group check run again), then 200
            // the last saves did not touch (tenants 200-999 in four groups, one each round).
            baselineTimes.append(try plainWrite())
            checkTimes.append(try check(0..<200))
            let others = 200 + (round % 4) * 200
            baselineTimes.append(try plainWrite())
            otherCheckTimes.append(try check(others..<(others + 200)))
        }
        let writeBaseline = Stopwatch.median(baselineTimes)
        Report.line("baseline: write + fsync a plain file of the same size", Report.ms(writeBaseline))
        Report.line("  SHA-256 of the vault's bytes alone (the trailing digest)", Report.ms(hashOnly))
        Report.line("  ratio / plain write", Report.ratio(hashOnly / writeBaseline))
        let passwordSave = Stopwatch.median(passwordTimes)
        let checkSave = Stopwatch.median(checkTimes)
        let otherCheckSave = Stopwatch.median(otherCheckTimes)
        Report.line("save after one password change", Report.ms(passwordSave))
        Report.line("  ratio / plain write (target ≤ 1.5×)", Report.ratio(passwordSave / writeBaseline))
        Report.line("save after a 200-profile check (the same 200 again)", Report.ms(checkSave))
        Report.line("  ratio / plain write (target ≤ 2×)", Report.ratio(checkSave / writeBaseline))
        Report.line("save after a 200-profile check (200 others)", Report.ms(otherCheckSave))
        Report.line("  ratio / plain write (target ≤ 2×)", Report.ratio(otherCheckSave / writeBaseline))
        // What a command pays in all: the read under the lock as well (FleetRecorder.record).
        let recorded = try Stopwatch.median(runs: 7) {
            try vault.update { payload in
                for index in 0..<200 {
                    payload.record(ConnectionOutcome(status: .ok, url: "https://rest.sandbox.na.zuora.com/v1/connections", httpStatus: 200,
                        latencyMs: 100, checkedAt: Date(), detail: "Authenticated; Zuora issued a session."), for: "tenant-\(index)")
                }
            }
        }
        Report.line("  the whole read-modify-write of a 200-profile check", Report.ms(recorded))

        // Left for scripts/bench-memory.py: the same vault, for `ztenant list`'s peak memory.
        let kept = ProcessInfo.processInfo.environment["ZTENANT_BENCH_KEEP_VAULT"]
        if let kept {
            try? FileManager.default.removeItem(atPath: kept)
            try FileManager.default.copyItem(atPath: path, toPath: kept)
        }
    }

    /// The payload as format 1 kept it: one JSON document, history by profile name.
    struct VersionOneShape: Codable {
        var profiles: [Profile]
        var activeProfile: String?
        var sessions: [String: StoredSession]
        var history: [String: [ConnectionOutcome]]
        var settings: Settings

        init(_ payload: VaultPayload) {
            profiles = payload.profiles
            activeProfile = payload.activeProfile
            sessions = payload.sessions
            history = Dictionary(uniqueKeysWithValues: payload.profiles.map { ($0.name, (try? payload.history(of: $0.name)) ?? []) })
            settings = payload.settings
        }
    }

    /// Only the saves, many times: for profiling (`perf record .build/release/ztenant-bench vault-saves`).
    static func savesOnly(folder: String) throws {
        let path = folder + "/saves.ztv"
        let vault = try Vault<VaultPayload>.create(at: path, passphrase: Passphrase("benchmark passphrase"),
            parameters: KDFParameters(logN: 10), payload: payload(profiles: 1000, history: VaultPayload.historyLimit))
        var times: [Double] = []
        for round in 0..<60 {
            var changed = try vault.reload()
            try changed.edit("tenant-7") { $0.password = Secret("changed-\(round)") }
            let password = try Stopwatch.time { try vault.save(changed) }
            var checked = try vault.reload()
            for index in 0..<200 {
                checked.record(ConnectionOutcome(status: .ok, url: "https://rest.sandbox.na.zuora.com/v1/connections", httpStatus: 200,
                    latencyMs: 100, checkedAt: Date(), detail: "Authenticated; Zuora issued a session."), for: "tenant-\(index)")
            }
            times.append(password + (try Stopwatch.time { try vault.save(checked) }))
        }
        Report.line("password save + check save, median of 60", Report.ms(Stopwatch.median(times)))
    }

    static func kdf() throws {
        Report.say("== KDF at the default cost (\(KDFParameters.default))")
        let ours = try Stopwatch.median(runs: 5) {
            _ = try KeyDerivation.deriveKey(passphrase: Passphrase("benchmark passphrase"), salt: Array(repeating: 7, count: 32),
                parameters: .default)
        }
        Report.line("scrypt in ztenant (BoringSSL)", Report.ms(ours))
        // Baseline: OpenSSL's scrypt with the same parameters, through its command line.
        let openssl = Stopwatch.median(runs: 5) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = ["kdf", "-keylen", "32", "-kdfopt", "pass:benchmark passphrase", "-kdfopt", "salt:saltsaltsaltsalt",
                "-kdfopt", "n:131072", "-kdfopt", "r:8", "-kdfopt", "p:1", "-kdfopt", "maxmem_bytes:268435456", "SCRYPT"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
            process.waitUntilExit()
        }
        Report.line("  baseline: openssl kdf SCRYPT, same parameters", Report.ms(openssl))
        Report.line("  ratio ztenant / openssl", Report.ratio(ours / openssl))
    }
}
