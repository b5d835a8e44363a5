import Foundation

/// A request the mock received, kept so tests can assert exactly what a client sent.
public struct RecordedRequest: Sendable {
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The request target (path and query) as sent.
    public var uri: String
    /// Every header in order, names as sent.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]
    /// The client's IP address.
    public var clientIP: String
    /// When the request was complete.
    public var receivedAt: Date

    /// Creates a recorded request.
    public init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8], clientIP: String,
        receivedAt: Date = Date())
    {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.clientIP = clientIP
        self.receivedAt = receivedAt
    }

    /// Every value of a header, matched case-insensitively.
    public func headers(named name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        headers(named: name).first
    }
}
