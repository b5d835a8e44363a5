import Foundation
import SwiftProtobuf
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
        try protobuf(payload.history)
    }

    /// The history section and one profile's history (what `show` needs) as protobuf beside
    /// JSON, each timed from the model to bytes and back to the model.
    static func protobuf(_ history: [String: [ConnectionOutcome]]) throws {
        func mib(_ bytes: Int) -> String { String(format: "%.2f MiB", Double(bytes) / 1_048_576) }
        let section = HistoryMapping.section(history)
        let bytes: [UInt8] = try section.serializedBytes()
        guard HistoryMapping.history(try Ztenant_Bench_HistorySection(serializedBytes: bytes)) == history else {
            throw BenchmarkFailure(what: "the protobuf history does not read back as written")
        }
        let encode = try Stopwatch.median(runs: 5) { let _: [UInt8] = try HistoryMapping.section(history).serializedBytes() }
        let decode = try Stopwatch.median(runs: 5) { _ = HistoryMapping.history(try Ztenant_Bench_HistorySection(serializedBytes: bytes)) }
        let json = try JSONEncoder().encode(HistorySection(history: history))
        let jsonDecode = try Stopwatch.median(runs: 5) { _ = try JSONDecoder().decode(HistorySection.self, from: json) }
        Report.line("history section: protobuf size / encode / decode", "\(mib(bytes.count)) / \(Report.ms(encode)) / \(Report.ms(decode))")
        Report.line("  ratio protobuf / JSON decode", Report.ratio(decode / jsonDecode))

        guard let one = history.first else { throw BenchmarkFailure(what: "no history to measure") }
        let oneBytes: [UInt8] = try HistoryMapping.section([one.key: one.value]).serializedBytes()
        let oneJSON = try JSONEncoder().encode(HistorySection(history: [one.key: one.value]))
        let oneProtobuf = try Stopwatch.median(runs: 25) { _ = HistoryMapping.history(try Ztenant_Bench_HistorySection(serializedBytes: oneBytes)) }
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
