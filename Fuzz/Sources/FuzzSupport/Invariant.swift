import ZuoraAPI

/// Checks that fuzz targets share: a broken invariant traps, which libFuzzer reports as a
/// crash with the input that caused it.
public enum Invariant {
    /// Text that reaches a terminal holds no escape, C0/C1 control, bidi override or
    /// zero-width character.
    public static func displaySafe(_ text: String, _ what: StaticString) {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let control = value < 0x20 || (0x7F...0x9F).contains(value)
            let bidi = (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E
                || value == 0x200F || value == 0x061C
            let zeroWidth = (0x200B...0x200D).contains(value) || value == 0x2060 || value == 0xFEFF
            if control || bidi || zeroWidth {
                fatalError("\(what) holds U+\(String(value, radix: 16, uppercase: true))")
            }
        }
    }
}

/// Reads a fuzz input as a sequence of fields.
public struct FuzzInput {
    private var bytes: ArraySlice<UInt8>

    /// Wraps libFuzzer's buffer.
    public init(_ start: UnsafeRawPointer, _ count: Int) {
        bytes = ArraySlice(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// Whether nothing is left.
    public var isEmpty: Bool { bytes.isEmpty }

    /// One byte, or 0 when none is left.
    public mutating func byte() -> UInt8 {
        bytes.popFirst() ?? 0
    }

    /// The bytes up to the next `separator` (not included), or the rest.
    public mutating func field(until separator: UInt8 = 0x0A) -> [UInt8] {
        if let end = bytes.firstIndex(of: separator) {
            defer { bytes = bytes[(end + 1)...] }
            return Array(bytes[..<end])
        }
        defer { bytes = [] }
        return Array(bytes)
    }

    /// Everything left.
    public mutating func rest() -> [UInt8] {
        defer { bytes = [] }
        return Array(bytes)
    }
}
