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

    /// The category Zuora documents for the last two digits of an eight-digit code
    /// (`90000011` → ``Category/authenticationFailed``); nil for other shapes and unknown categories.
    public var category: Category? {
        guard let code, code.count == 8, code.allSatisfy(\.isASCII), let value = Int(code) else { return nil }
        return Category(rawValue: value % 100)
    }

    /// What Zuora documents the category to mean, e.g. "authentication failed".
    public var categoryMeaning: String? { category?.meaning }

    /// Zuora's reason-code categories (the last two digits of a code).
    public enum Category: Int, Sendable, Hashable, CaseIterable {
        case permissionDenied = 10
        case authenticationFailed = 11
        case invalidValue = 20
        case unknownField = 21
        case missingField = 22
        case missingParameter = 23
        case businessRule = 30
        case notFound = 40
        case unsupportedRequest = 45
        case lockingContention = 50
        case internalError = 60
        case temporaryError = 61
        case limitExceeded = 70
        case malformedRequest = 90
        case integrationError = 99

        /// What Zuora documents it to mean.
        public var meaning: String {
            switch self {
            case .permissionDenied: "permission or access denied"
            case .authenticationFailed: "authentication failed"
            case .invalidValue: "invalid format or value"
            case .unknownField: "unknown field"
            case .missingField: "missing required field"
            case .missingParameter: "missing required parameter"
            case .businessRule: "business rule restriction"
            case .notFound: "not found"
            case .unsupportedRequest: "unsupported request"
            case .lockingContention: "locking contention (retry)"
            case .internalError: "internal error"
            case .temporaryError: "temporary error (retry)"
            case .limitExceeded: "request exceeded limit"
            case .malformedRequest: "malformed request"
            case .integrationError: "integration error"
            }
        }

        /// The outcome a reason of this category means on its own, when the HTTP status does
        /// not already decide it; nil for categories that say nothing about the login.
        public var impliedStatus: OutcomeStatus? {
            switch self {
            case .authenticationFailed: .authFailed
            case .permissionDenied: .permissionDenied
            case .limitExceeded: .rateLimited
            case .lockingContention, .internalError, .temporaryError: .serverError
            default: nil
            }
        }
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
}
