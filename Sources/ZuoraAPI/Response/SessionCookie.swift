import Foundation

/// Finds the ZSession cookie among a response's `Set-Cookie` headers.
///
/// The value is untrusted text from the server, and it ends up on standard output
/// (`ztenant session`), in shell variables and in `Cookie:` headers that scripts build. So
/// after percent-decoding it must consist of RFC 6265 cookie-octets only: no control
/// characters (terminal escapes), no spaces, quotes, commas, semicolons or backslashes
/// (header injection). Anything else is refused, never printed.
public enum SessionCookie {
    /// The cookie's name as Zuora sets it.
    public static let name = "ZSession"

    /// The longest value accepted; Zuora's are a few hundred characters.
    public static let maxLength = 4096

    /// What the `Set-Cookie` headers hold.
    public enum Lookup: Sendable, Equatable {
        /// A usable session value.
        case found(Secret)
        /// A ZSession cookie whose value is unsafe to hand on; the reason names the problem
        /// without quoting the value.
        case unsafe(String)
        /// No non-empty ZSession cookie.
        case absent
    }

    /// Looks for the ZSession cookie and checks its value, percent-decoded (Zuora's own client
    /// turns `%3D` back into `=`).
    public static func lookup(in setCookieValues: [String]) -> Lookup {
        var unsafe: String?
        for header in setCookieValues {
            // One header line may, against the RFC, fold several cookies with commas; the
            // cookie-pair is always the text before the first `;` of each.
            for candidate in header.split(separator: ",", omittingEmptySubsequences: true) {
                let pair = candidate.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let cookieName = pair[..<equals].trimmingCharacters(in: .whitespaces)
                guard cookieName == name else { continue }
                var value = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                    value = String(value.dropFirst().dropLast())
                }
                guard let decoded = value.removingPercentEncoding else {
                    unsafe = unsafe ?? "its percent-encoding is invalid"
                    continue
                }
                if decoded.isEmpty { continue }
                if let problem = problem(with: decoded) {
                    unsafe = unsafe ?? problem
                    continue
                }
                return .found(Secret(decoded))
            }
        }
        return unsafe.map(Lookup.unsafe) ?? .absent
    }

    /// Whether a (decoded) value is made of cookie-octets only and is not too long.
    public static func isSafe(_ value: String) -> Bool {
        !value.isEmpty && problem(with: value) == nil
    }

    /// Why a decoded value is not a safe cookie value, or nil when it is.
    static func problem(with value: String) -> String? {
        let bytes = Array(value.utf8)
        if bytes.count > maxLength { return "it is \(bytes.count) bytes long (more than \(maxLength))" }
        for byte in bytes where !isCookieOctet(byte) {
            switch byte {
            case 0x00..<0x20, 0x7F: return "it contains a control character (0x\(String(byte, radix: 16, uppercase: true)))"
            case 0x80...: return "it contains a byte outside ASCII"
            default: return "it contains the character '\(Character(Unicode.Scalar(byte)))', which a cookie value may not hold"
            }
        }
        return nil
    }

    /// RFC 6265 §4.1.1: `%x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E`.
    static func isCookieOctet(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21, 0x23...0x2B, 0x2D...0x3A, 0x3C...0x5B, 0x5D...0x7E: return true
        default: return false
        }
    }
}
