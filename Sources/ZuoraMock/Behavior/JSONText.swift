/// JSON string literals for the bodies the mock writes by hand.
///
/// One pass over the UTF-8 bytes into a string of the right size. The mock answers on the
/// event loop its connections share, and a fault may carry a ten-megabyte message:
/// Foundation's `JSONSerialization` took seconds over such a message in a debug build, and
/// every other connection on that loop, TLS handshakes included, waited for it.
enum JSONText {
    /// `text` as a quoted JSON string: `"` and `\` escaped, control characters as `\n`, `\t`,
    /// `\r`, `\b`, `\f` or `\u00XX`, everything else (other UTF-8 included) as it is.
    static func quoted(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var extra = 0
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                extra += escapedLength(byte) - 1
            }
            return String(unsafeUninitializedCapacity: bytes.count + extra + 2) { out in
                var at = 0
                func put(_ byte: UInt8) {
                    out[at] = byte
                    at += 1
                }
                put(UInt8(ascii: "\""))
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"): put(UInt8(ascii: "\\")); put(byte)
                    case 0x0A: put(UInt8(ascii: "\\")); put(UInt8(ascii: "n"))
                    case 0x09: put(UInt8(ascii: "\\")); put(UInt8(ascii: "t"))
                    case 0x0D: put(UInt8(ascii: "\\")); put(UInt8(ascii: "r"))
                    case 0x08: put(UInt8(ascii: "\\")); put(UInt8(ascii: "b"))
                    case 0x0C: put(UInt8(ascii: "\\")); put(UInt8(ascii: "f"))
                    case ..<0x20:
                        for character in "\\u00".utf8 { put(character) }
                        put(hexDigits[Int(byte >> 4)])
                        put(hexDigits[Int(byte & 0x0F)])
                    default: put(byte)
                    }
                }
                put(UInt8(ascii: "\""))
                return at
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func escapedLength(_ byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x0A, 0x09, 0x0D, 0x08, 0x0C: 2
        default: 6
        }
    }
}
