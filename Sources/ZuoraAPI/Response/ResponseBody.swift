import Foundation

/// What a connection response body says, read leniently: Zuora's JSON in any of its
/// recorded shapes, or a plain-text or HTML page.
struct ResponseBody {
    /// Whether the body was a JSON object.
    var isJSONObject = false
    /// The `success` field, when present.
    var success: Bool?
    /// `reasons` (or a top-level `code`/`message` pair, as 429 bodies have), sanitized.
    var reasons: [Reason] = []
    /// `processId`, sanitized.
    var processId: String?
    /// For a body that is not JSON: its readable text, sanitized and short.
    var text: String?

    init(bytes: [UInt8], contentType: String?) {
        guard !bytes.isEmpty else { return }
        if let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? [String: Any] {
            isJSONObject = true
            read(object)
            return
        }
        let raw = String(decoding: bytes, as: UTF8.self)
        let looksHTML = contentType?.lowercased().contains("html") == true || raw.prefix(512).lowercased().contains("<html")
        let readable = looksHTML ? TextSanitizer.plainText(fromHTML: raw[...]) : raw
        let cleaned = TextSanitizer.sanitize(readable, limit: 200)
        text = cleaned.isEmpty ? nil : cleaned
    }

    private mutating func read(_ object: [String: Any]) {
        success = Self.value("success", in: object).flatMap(Self.bool)
        processId = Self.value("processId", in: object).flatMap(Self.string).map { TextSanitizer.sanitize($0, limit: 80) }
        let list = Self.value("reasons", in: object) ?? Self.value("errors", in: object)
        if let entries = list as? [Any] {
            for entry in entries {
                guard let entry = entry as? [String: Any] else { continue }
                if let reason = Self.reason(from: entry) { reasons.append(reason) }
            }
        }
        if reasons.isEmpty, let reason = Self.reason(from: object) {
            reasons.append(reason)
        }
    }

    private static func reason(from object: [String: Any]) -> Reason? {
        let code = value("code", in: object).flatMap(string).map { TextSanitizer.sanitize($0, limit: 64) }
        let message = value("message", in: object).flatMap(string).map { TextSanitizer.sanitize($0) }
        guard code != nil || message != nil else { return nil }
        return Reason(code: code?.isEmpty == true ? nil : code, message: message ?? "")
    }

    /// Keys are matched case-insensitively: Zuora's APIs mix `reasons`/`Errors`, `code`/`Code`.
    private static func value(_ key: String, in object: [String: Any]) -> Any? {
        if let exact = object[key] { return exact }
        return object.first { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.value
    }

    private static func string(_ any: Any) -> String? {
        switch any {
        case let text as String: return text
        case let number as NSNumber:
            // Codes arrive as JSON numbers; print integers without a fraction or exponent.
            let double = number.doubleValue
            if double.rounded() == double, abs(double) < 1e15 { return String(Int64(double)) }
            return number.stringValue
        default: return nil
        }
    }

    private static func bool(_ any: Any) -> Bool? {
        if let flag = any as? Bool { return flag }
        if let text = any as? String { return text.lowercased() == "true" ? true : text.lowercased() == "false" ? false : nil }
        return nil
    }
}
