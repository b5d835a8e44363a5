import Foundation
import ZTenantCore
import ZuoraAPI

/// Groundwork for vault format 2 (issue #9): what encoding and decoding the payload costs in
/// each candidate encoding, whole and split into the sections format 2 seals separately
/// (profiles, sessions, history), on the 1,000-profile × 50-history payload.
enum EncodingBenchmark {
    struct ProfilesSection: Codable { var profiles: [Profile]; var activeProfile: String? }
    struct SessionsSection: Codable { var sessions: [String: StoredSession] }
    struct HistorySection: Codable { var history: [String: [ConnectionOutcome]] }

    static func run() throws {
        Report.say("== encoding: the 1,000-profile × 50-history payload, whole and by section (median of 5)")
        let payload = VaultBenchmark.payload(profiles: 1000, history: VaultPayload.historyLimit)
        let sections: [(String, any Codable)] = [
            ("whole payload", payload),
            ("profiles section", ProfilesSection(profiles: payload.profiles, activeProfile: payload.activeProfile)),
            ("sessions section", SessionsSection(sessions: payload.sessions)),
            ("history section", HistorySection(history: payload.history)),
        ]
        for (label, value) in sections {
            try measure(label, value)
        }
    }

    static func measure<Value: Codable>(_ label: String, _ value: Value) throws {
        let json = try JSONEncoder().encode(value)
        let plistEncoder = PropertyListEncoder()
        plistEncoder.outputFormat = .binary
        let plist = try plistEncoder.encode(value)
        let jsonEncode = try Stopwatch.median(runs: 5) { _ = try JSONEncoder().encode(value) }
        let jsonDecode = try Stopwatch.median(runs: 5) { _ = try JSONDecoder().decode(Value.self, from: json) }
        let plistEncode = try Stopwatch.median(runs: 5) { _ = try plistEncoder.encode(value) }
        let plistDecode = try Stopwatch.median(runs: 5) { _ = try PropertyListDecoder().decode(Value.self, from: plist) }
        func mib(_ bytes: Int) -> String { String(format: "%.2f MiB", Double(bytes) / 1_048_576) }
        Report.line("\(label): JSON size / encode / decode", "\(mib(json.count)) / \(Report.ms(jsonEncode)) / \(Report.ms(jsonDecode))")
        Report.line("\(label): binary plist size / encode / decode", "\(mib(plist.count)) / \(Report.ms(plistEncode)) / \(Report.ms(plistDecode))")
        Report.line("  ratio plist / JSON decode", Report.ratio(plistDecode / jsonDecode))
    }
}
