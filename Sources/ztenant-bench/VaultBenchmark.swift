import CredentialVault
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
        Report.say("== vault: 1,000 profiles, 50 checks of history each")
        let payload = payload(profiles: 1000, history: VaultPayload.historyLimit)
        let cheap = KDFParameters(logN: 10)
        let path = folder + "/bench.ztv"
        let vault = try Vault<VaultPayload>.create(at: path, passphrase: Passphrase("benchmark passphrase"), parameters: cheap, payload: payload)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        Report.line("vault file size", String(format: "%.1f MiB", Double(size) / 1_048_576))

        let kdfCheap = try Stopwatch.median(runs: 9) {
            _ = try KeyDerivation.deriveKey(passphrase: Passphrase("benchmark passphrase"), salt: Array(repeating: 1, count: 32), parameters: cheap)
        }
        let open = try Stopwatch.median(runs: 7) {
            _ = try Vault<VaultPayload>.open(at: path, passphrase: Passphrase("benchmark passphrase"))
        }
        // Baseline: the unavoidable part, reading the file and decoding the same payload from plain JSON.
        let plainJSON = try JSONEncoder().encode(payload)
        let plainPath = folder + "/plain.json"
        try plainJSON.write(to: URL(fileURLWithPath: plainPath))
        let decodeBaseline = try Stopwatch.median(runs: 7) {
            let data = try Data(contentsOf: URL(fileURLWithPath: plainPath))
            _ = try JSONDecoder().decode(VaultPayload.self, from: data)
        }
        let openWithoutKDF = max(0, open - kdfCheap)
        Report.line("open, excluding the KDF", Report.ms(openWithoutKDF))
        Report.line("  baseline: read + JSON-decode the same payload unencrypted", Report.ms(decodeBaseline))
        Report.line("  ratio open / baseline", Report.ratio(openWithoutKDF / decodeBaseline))

        let save = try Stopwatch.median(runs: 7) { try vault.save(payload) }
        let writeBaseline = try Stopwatch.median(runs: 7) {
            let data = try JSONEncoder().encode(payload)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: plainPath))
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        }
        Report.line("save (encode, seal, temp file, fsync, backup, rename)", Report.ms(save))
        Report.line("  baseline: JSON-encode + write + fsync unencrypted", Report.ms(writeBaseline))
        Report.line("  ratio save / baseline", Report.ratio(save / writeBaseline))
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
