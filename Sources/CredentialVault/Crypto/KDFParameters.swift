/// scrypt cost parameters, stored in the vault header and checked against caps on read.
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
    /// The largest r accepted from a file.
    public static let maxR: UInt8 = 32
    /// The largest p accepted from a file.
    public static let maxP: UInt8 = 16
    /// The smallest N accepted at all (2^10): cheap enough for tests, never for real use.
    public static let minLogN: UInt8 = 10

    /// N itself.
    public var n: Int { 1 << Int(logN) }

    /// Memory scrypt needs, in bytes: 128 · N · r · p.
    public var memoryBytes: Int { 128 * n * Int(r) * Int(p) }

    /// Whether the parameters are within the caps a file may ask for.
    public var isWithinCaps: Bool {
        (Self.minLogN...Self.maxLogN).contains(logN) && (1...Self.maxR).contains(r) && (1...Self.maxP).contains(p)
    }

    /// Whether the parameters are weaker than the default (doctor warns).
    public var isWeakerThanDefault: Bool { logN < Self.default.logN }

    /// `scrypt N=2^17 r=8 p=1`.
    public var description: String { "scrypt N=2^\(logN) r=\(r) p=\(p)" }
}
