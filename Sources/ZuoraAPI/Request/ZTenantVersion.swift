/// The version of ztenant, sent in the `User-Agent` header and printed by `--version`.
public enum ZTenantVersion {
    /// The current release.
    public static let current = "0.1.0"

    /// The `User-Agent` header value every call sends.
    public static var userAgent: String { "ztenant/\(current)" }
}
