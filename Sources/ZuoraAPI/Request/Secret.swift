/// A secret string (a password or a session token) that never shows itself.
///
/// `description`, `debugDescription` and reflection (`dump`, string interpolation,
/// `print`) all yield a fixed mask, so a secret that ends up in a log line, an error
/// message or a test failure stays hidden. Read the value only through ``reveal()``,
/// at the single place that must send or store it.
public struct Secret: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let value: String

    /// Wraps a secret value.
    public init(_ value: String) {
        self.value = value
    }

    /// The secret itself. Call only where it must be sent over the wire or sealed in storage.
    public func reveal() -> String {
        value
    }

    /// Whether the secret is the empty string.
    public var isEmpty: Bool { value.isEmpty }

    /// The number of characters, for displays such as "session (256 chars)".
    public var count: Int { value.count }

    /// Always `"••••••"`, never the value.
    public var description: String { "••••••" }

    /// Always `"Secret(••••••)"`, never the value.
    public var debugDescription: String { "Secret(••••••)" }

    /// A mirror without children, so `dump` shows no value.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
