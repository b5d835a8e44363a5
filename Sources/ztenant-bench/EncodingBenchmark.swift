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
        let whole = VaultBenchmark.VersionOneShape(payload)
        let sections: [(String, any Codable)] = [
            ("whole payload", whole),
            ("profiles section", ProfilesSection(profiles: payload.profiles, activeProfile: payload.activeProfile)),
            ("sessions section", SessionsSection(sessions: payload.sessions)),
            ("history section", HistorySection(history: whole.history)),
        ]
        for (label, value) in sections {
            try measure(label, value)
        }
        try protobuf(whole.history)
    }


    /// The history as format 2 keeps it (one protobuf chunk per profile, `OutcomeCoding`)
    /// beside JSON, each timed from the model to bytes and back to the model, whole and for one
    /// profile (what `show` needs).
    static func protobuf(_ history: [String: [ConnectionOutcome]]) throws {
        func mib(_ bytes: Int) -> String { String(format: "%.2f MiB", Double(bytes) / 1_048_576) }
        let chunks = try history.mapValues { try OutcomeCoding.encodeChunk($0) }
        guard try chunks.mapValues({ try OutcomeCoding.decodeChunk($0) }) == history else {
            throw BenchmarkFailure(what: "the protobuf history does not read back as written")
        }
        let size = chunks.values.reduce(0) { $0 + $1.count }
        let encode = try Stopwatch.median(runs: 5) { _ = try history.mapValues { try OutcomeCoding.encodeChunk($0) } }
        let decode = try Stopwatch.median(runs: 5) { _ = try chunks.mapValues { try OutcomeCoding.decodeChunk($0) } }
        let json = try JSONEncoder().encode(HistorySection(history: history))
        let jsonDecode = try Stopwatch.median(runs: 5) { _ = try JSONDecoder().decode(HistorySection.self, from: json) }
        Report.line("history, protobuf chunks: size / encode / decode", "\(mib(size)) / \(Report.ms(encode)) / \(Report.ms(decode))")
        Report.line("  ratio protobuf / JSON decode", Report.ratio(decode / jsonDecode))

        guard let one = history.first, let oneBytes = chunks[one.key] else { throw BenchmarkFailure(what: "no history to measure") }
        let oneJSON = try JSONEncoder().encode(HistorySection(history: [one.key: one.value]))
        let oneProtobuf = try Stopwatch.median(runs: 25) { _ = try OutcomeCoding.decodeChunk(oneBytes) }
        let oneJSONDecode = try Stopwatch.median(runs: 25) { _ = try JSONDecoder().decode(HistorySection.self, from: oneJSON) }
        Report.line("one profile's 50 checks: protobuf / JSON decode", "\(Report.ms(oneProtobuf)) / \(Report.ms(oneJSONDecode))")
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
