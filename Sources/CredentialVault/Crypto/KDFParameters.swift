/// scrypt cost parameters, stored in the vault header and checked against caps on read.
///
/// A vault or export file names its own cost, so a crafted file could ask for gigabytes of
/// memory or hours of work before anything is known to be wrong. Files are therefore held
/// to two budgets that matter, not only to limits on each factor: memory (128 · N · r
/// bytes) at most 1 GiB, and work (N · r · p block mixes) at most 16 times the default.
public struct KDFParameters: Sendable, Hashable, CustomStringConvertible {
    /// log2 of the CPU/memory cost N.
    public var logN: UInt8
    /// The block size r.
    public var r: UInt8
    /// The parallelism p.
    public var p: UInt8

    /// Creates parameters.
    public init(logN: UInt8, r: UInt8 = 8, p: UInt8 = 1) {
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// N = 2^17, r = 8, p = 1: about half a second and 128 MiB in a release build.
    public static let `default` = KDFParameters(logN: 17, r: 8, p: 1)

    /// The largest N accepted from a file: 2^20 (1 GiB of memory at r = 8).
    public static let maxLogN: UInt8 = 20
    /// The smallest N accepted at all (2^10): cheap enough for tests, never for real use.
    public static let minLogN: UInt8 = 10
    /// The most memory a file may make scrypt use: 1 GiB.
    public static let maxMemoryBytes = 1 << 30
    /// The most work a file may ask for, as a multiple of the default's N · r · p.
    public static let maxWorkFactor = 16

    /// N itself (`Int.max` when log2 N is too large for an `Int`).
    public var n: Int { logN < 62 ? 1 << Int(logN) : Int.max }

    /// Memory scrypt needs, in bytes: 128 · N · r for its table (the p lanes run one after
    /// another and share it) plus 128 · r · p for the lanes' blocks; `Int.max` when larger.
    public var memoryBytes: Int {
        let (sum, overflow) = Self.saturating([128, n, Int(r)]).addingReportingOverflow(128 * Int(r) * Int(p))
        return overflow ? Int.max : sum
    }

    /// The work, in block mixes: N · r · p; `Int.max` when larger.
    public var work: Int { Self.saturating([n, Int(r), Int(p)]) }

    private static func saturating(_ factors: [Int]) -> Int {
        var product = 1
        for factor in factors {
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            if overflow { return Int.max }
            product = next
        }
        return product
    }

    /// The work as a multiple of the default's.
    public var workFactor: Double { Double(work) / Double(Self.default.work) }

    /// Whether the parameters are within the caps a file may ask for.
    public var isWithinCaps: Bool { capViolation == nil }

    /// What is wrong with parameters outside the caps, saying what they would have cost;
    /// nil when they are within them.
    public var capViolation: String? {
        var problems: [String] = []
        if !(Self.minLogN...Self.maxLogN).contains(logN) {
            problems.append("N must be 2^\(Self.minLogN)…2^\(Self.maxLogN)")
        }
        if r == 0 || p == 0 { problems.append("r and p must be at least 1") }
        // Computed in Double: logN comes from a file and may be as large as 255.
        let memory = 128 * Double(sign: .plus, exponent: Int(logN), significand: 1) * Double(r)
        if memory > Double(Self.maxMemoryBytes) {
            problems.append("it would need \(Self.bytes(memory)) of memory (the cap is \(Self.bytes(Double(Self.maxMemoryBytes))))")
        }
        let factor = Double(sign: .plus, exponent: Int(logN), significand: 1) * Double(r) * Double(p)
            / Double(Self.default.work)
        if factor > Double(Self.maxWorkFactor) {
            problems.append("it would take \(Self.times(factor)) the default's work (the cap is \(Self.maxWorkFactor)×)")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// Whether the parameters are weaker than the default (doctor warns).
    public var isWeakerThanDefault: Bool { logN < Self.default.logN }

    /// `scrypt N=2^17 r=8 p=1`.
    public var description: String { "scrypt N=2^\(logN) r=\(r) p=\(p)" }

    private static func bytes(_ value: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var amount = value
        var unit = 0
        while amount >= 1024 && unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        if amount >= 1024 { return "more than 1024 EiB" }
        return amount.rounded() == amount ? "\(Int(amount)) \(units[unit])" : "\((amount * 10).rounded() / 10) \(units[unit])"
    }

    private static func times(_ factor: Double) -> String {
        factor < 1e15 ? "\(Int(factor.rounded()))×" : "more than 10^15×"
    }
}
