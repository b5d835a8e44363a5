/// The rate-limit headers of a response, when the server sent them.
public struct RateLimitInfo: Sendable, Hashable, Codable {
    /// `RateLimit-Limit`: requests allowed in the window.
    public var limit: Int?
    /// `RateLimit-Remaining`: requests left in the window.
    public var remaining: Int?
    /// `RateLimit-Reset`: seconds until the window resets.
    public var reset: Int?
    /// `Retry-After`, in seconds (an HTTP date is converted).
    public var retryAfter: Int?

    /// Creates rate-limit information.
    public init(limit: Int? = nil, remaining: Int? = nil, reset: Int? = nil, retryAfter: Int? = nil) {
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
        self.retryAfter = retryAfter
    }

    /// Whether any of the headers was present.
    public var isEmpty: Bool { limit == nil && remaining == nil && reset == nil && retryAfter == nil }

    /// How long to wait before trying again: `Retry-After`, else `RateLimit-Reset`.
    public var retryDelaySeconds: Int? { retryAfter ?? reset }
}
