/// One entry of Zuora's `reasons` array: a code and a message, both sanitized.
public struct Reason: Sendable, Hashable, Codable {
    /// The code as a string (Zuora sends a number on the wire although the spec says
    /// string), or nil when the server sent a message without a code.
    public var code: String?
    /// The message, sanitized and bounded.
    public var message: String

    /// Creates a reason.
    public init(code: String?, message: String) {
        self.code = code
        self.message = message
    }

    /// The two-digit category of an eight-digit Zuora code (`90000011` → `11`), if the code
    /// has that shape.
    public var category: Int? {
        guard let code, code.count == 8, code.allSatisfy(\.isASCII), let value = Int(code) else { return nil }
        return value % 100
    }

    /// What Zuora documents the category to mean, e.g. "authentication failed".
    public var categoryMeaning: String? {
        guard let category else { return nil }
        return Reason.categoryMeanings[category]
    }

    /// `90000011: this resource is protected…`, or just the message when there is no code.
    public var summary: String {
        if let code { return "\(code): \(message)" }
        return message
    }

    private enum CodingKeys: String, CodingKey {
        case code, message
    }

    /// Encodes `code` even when it is nil, so every reason object has the same two keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
    }

    static let categoryMeanings: [Int: String] = [
        10: "permission or access denied", 11: "authentication failed", 20: "invalid format or value",
        21: "unknown field", 22: "missing required field", 23: "missing required parameter",
        30: "business rule restriction", 40: "not found", 45: "unsupported request",
        50: "locking contention (retry)", 60: "internal error", 61: "temporary error (retry)",
        70: "request exceeded limit", 90: "malformed request", 99: "integration error",
    ]
}
