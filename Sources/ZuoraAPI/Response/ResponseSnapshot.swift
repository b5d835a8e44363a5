/// A complete HTTP response as received, before classification.
public struct ResponseSnapshot: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// Every header, in order, names as sent.
    public var headers: [(name: String, value: String)]
    /// The body (at most the size cap).
    public var body: [UInt8]

    /// Creates a response snapshot.
    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every value of a header, matched case-insensitively.
    public func headers(_ name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }
}
