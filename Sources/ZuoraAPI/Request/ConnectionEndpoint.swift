import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `/v1/connections` URL derived from a tenant base URL, after the checks that must
/// pass before a single byte is sent.
public struct ConnectionEndpoint: Sendable, Hashable {
    /// The full URL the call is sent to, e.g. `https://rest.zuora.com/v1/connections`.
    public let url: String
    /// The host name or address, without brackets or port.
    public let host: String
    /// The port, when the base URL names one.
    public let port: Int?
    /// Whether the URL uses TLS.
    public let usesTLS: Bool

    /// The OAuth token URL of the same tenant: `{base}/oauth/token`, at the host root or after
    /// a proxy prefix (`https://proxy.example.com/rest` → `…/rest/oauth/token`).
    public var tokenURL: String {
        String(url.dropLast("/v1/connections".count)) + "/oauth/token"
    }

    /// Builds the endpoint for a base URL, or says every reason it cannot be used.
    ///
    /// A path prefix is kept (`https://h/rest` → `https://h/rest/v1/connections`); a base URL
    /// that already ends in `/v1` or `/v1/connections` is not doubled. Plain `http` is allowed
    /// only for loopback hosts, so a password never crosses a network unencrypted.
    public static func make(baseURL raw: String) -> Result<ConnectionEndpoint, ProfileProblems> {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .failure(["URL is empty: give the tenant's REST URL, e.g. https://rest.sandbox.na.zuora.com"]) }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased() else {
            return .failure(["URL \(quoted(trimmed)) is not a valid URL: write it as https://host[/prefix]"])
        }
        var problems: [String] = []
        if scheme != "https" && scheme != "http" {
            problems.append("URL scheme \(quoted(scheme)) is not supported: use https://")
        }
        let host = unbracketed(components.host ?? "")
        if host.isEmpty {
            problems.append("URL \(quoted(trimmed)) has no host name")
        }
        if components.user != nil || components.password != nil {
            problems.append("URL must not contain a user or password (user@host): give the user separately; the password is asked for")
        }
        if components.query != nil {
            problems.append("URL must not contain a query string (?…): secrets and options never go in the URL")
        }
        if components.fragment != nil {
            problems.append("URL must not contain a fragment (#…)")
        }
        if (components.percentEncodedHost ?? "").contains("%")
            || host.unicodeScalars.contains(where: { $0.value <= 0x20 || (0x7F...0x9F).contains($0.value) })
        {
            // Found by fuzzing: `http://127%080` decoded to a host holding a backspace.
            problems.append("URL host \(quoted(host)) is not a plain host name or address (no %-escapes or control characters)")
        } else if scheme == "http" && !host.isEmpty && !isLoopback(host) {
            problems.append("plain http:// is allowed only for loopback addresses (localhost, 127.x.x.x, ::1): use https:// for \(quoted(host))")
        }
        guard problems.isEmpty else { return .failure(ProfileProblems(problems)) }

        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        if path.lowercased().hasSuffix("/v1/connections") {
            path.removeLast("/v1/connections".count)
        } else if path.lowercased().hasSuffix("/v1") {
            path.removeLast("/v1".count)
        }
        var authority = host.contains(":") ? "[\(host)]" : host
        if let port = components.port { authority += ":\(port)" }
        let url = "\(scheme)://\(authority)\(path)/v1/connections"
        return .success(ConnectionEndpoint(url: url, host: host, port: components.port, usesTLS: scheme == "https"))
    }

    /// Whether a host is, by its spelling alone, this machine: `localhost` itself, a literal
    /// IPv4 address in 127.0.0.0/8 written as four decimal octets, or `::1`.
    ///
    /// No name is resolved to decide: checking what a name resolves to and then resolving it
    /// again to connect would let DNS answer differently the second time (rebinding), so
    /// names such as `api.localhost` are refused even though RFC 6761 reserves them.
    public static func isLoopback(_ host: String) -> Bool {
        let host = unbracketed(host).lowercased()
        if host == "localhost" { return true }
        if let bytes = ipv6Bytes(host) { return bytes == [UInt8](repeating: 0, count: 15) + [1] }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4,
            octets.allSatisfy({ octet in
                (1...3).contains(octet.count) && octet.allSatisfy(\.isASCII) && octet.allSatisfy(\.isNumber)
                    && (octet.count == 1 || octet.first != "0") && UInt8(octet) != nil
            })
        else { return false }
        return octets[0] == "127"
    }

    /// The 16 bytes of a literal IPv6 address, or nil when `text` is not one.
    private static func ipv6Bytes(_ text: String) -> [UInt8]? {
        guard text.contains(":") else { return nil }
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    private static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    private static func quoted(_ text: String) -> String {
        "'" + TextSanitizer.sanitize(text, limit: 80) + "'"
    }
}
