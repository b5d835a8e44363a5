import Foundation

/// How many logins a fleet check may send to one host in any sliding window: Zuora counts
/// AUTH calls per client IP per minute (100), failed ones included, so a check paces itself
/// below that instead of tripping the limit. The default is 90 a minute.
public struct FleetRate: Sendable, Hashable, CustomStringConvertible {
    /// Logins per window.
    public var logins: Int
    /// The window.
    public var window: Duration

    /// Creates a rate.
    public init(logins: Int, per window: Duration) {
        self.logins = max(1, logins)
        self.window = window
    }

    /// 90 logins a minute per host.
    public static let `default` = FleetRate(logins: 90, per: .seconds(60))

    /// `90/min`, `5/s`, or `unlimited` (nil). Throws a sentence for anything else.
    public static func parse(_ text: String) throws(FleetRateError) -> FleetRate? {
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
        if lowered == "unlimited" { return nil }
        let parts = lowered.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let count = Int(parts[0]), (1...100_000).contains(count) else { throw FleetRateError(text: text) }
        switch parts[1] {
        case "min", "m", "minute": return FleetRate(logins: count, per: .seconds(60))
        case "s", "sec", "second": return FleetRate(logins: count, per: .seconds(1))
        default: throw FleetRateError(text: text)
        }
    }

    /// `90/min`.
    public var description: String {
        window == .seconds(60) ? "\(logins)/min" : window == .seconds(1) ? "\(logins)/s" : "\(logins) per \(window)"
    }
}

/// A `--rate` that is not `N/min`, `N/s` or `unlimited`.
public struct FleetRateError: Error, Sendable, CustomStringConvertible {
    /// What was given.
    public var text: String

    public var description: String {
        "'\(text)' is not a rate: write N/min (e.g. 90/min), N/s, or unlimited"
    }
}
