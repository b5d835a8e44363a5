import Foundation

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
        if scheme == "http" && !host.isEmpty && !isLoopback(host) {
            problems.append("plain http:// is allowed only for loopback hosts (127.0.0.1, ::1, localhost): use https:// for \(host)")
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

    /// Whether a host name or address refers to this machine only.
    public static func isLoopback(_ host: String) -> Bool {
        let host = unbracketed(host).lowercased()
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }

    private static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    private static func quoted(_ text: String) -> String {
        "'" + TextSanitizer.sanitize(text, limit: 80) + "'"
    }
}
