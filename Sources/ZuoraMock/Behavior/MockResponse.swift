/// What the mock does with a request.
public struct MockResponse: Sendable {
    /// How the answer is delivered.
    public enum Delivery: Sendable, Hashable {
        /// Status, headers and the whole body.
        case complete
        /// Status and headers announcing the whole body, half of it, then the connection closes.
        case closeMidway
        /// Status and headers, then `bytes` bytes of filler, chunked.
        case stream(bytes: Int)
        /// Nothing, ever.
        case never
    }

    /// The HTTP status.
    public var status: Int
    /// Headers in order.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: String
    /// Milliseconds to wait before answering.
    public var delayMs: Int
    /// How the answer is delivered.
    public var delivery: Delivery
    /// Hold the answer until this many requests are pending at once (or 60 s pass).
    public var holdUntilConcurrent: Int?

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: String = "", delayMs: Int = 0,
        delivery: Delivery = .complete, holdUntilConcurrent: Int? = nil)
    {
        self.holdUntilConcurrent = holdUntilConcurrent
        self.status = status
        self.headers = headers
        self.body = body
        self.delayMs = delayMs
        self.delivery = delivery
    }
}
