import Foundation

/// Finds the ZSession cookie among a response's `Set-Cookie` headers.
public enum SessionCookie {
    /// The cookie's name as Zuora sets it.
    public static let name = "ZSession"

    /// The ZSession value from any of the `Set-Cookie` header values, percent-decoded
    /// (Zuora's own client turns `%3D` back into `=`), or nil when none carries a non-empty one.
    public static func find(in setCookieValues: [String]) -> Secret? {
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
                let decoded = value.removingPercentEncoding ?? value
                if !decoded.isEmpty { return Secret(decoded) }
            }
        }
        return nil
    }
}
