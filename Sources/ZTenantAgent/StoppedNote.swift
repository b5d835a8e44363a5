import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an agent leaves in its folder when it stops: when and why, so the next command can say
/// it. Metadata only; no key is ever written to disk.
public struct StoppedNote: Sendable, Codable, Equatable {
    /// When, in Unix seconds.
    public var at: Double
    /// Why: "SIGTERM", "SIGHUP", "SIGINT", "ztenant agent stop", or that its socket was removed.
    public var why: String

    /// "at 10:42 (SIGTERM)".
    public var summary: String {
        "at \(AgentClock.timeOfDay(at)) (\(why))"
    }

    static func read(from location: AgentLocation) -> StoppedNote? {
        guard let data = FileManager.default.contents(atPath: location.stoppedNote), data.count < 4096 else { return nil }
        return try? JSONDecoder().decode(StoppedNote.self, from: data)
    }

    func write(to location: AgentLocation) {
        let bytes = AgentJSON.encode(self)
        let fd = open(location.stoppedNote, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return }
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}

/// Wall-clock time for deadlines (a suspended laptop's sleep counts as idle time).
public enum AgentClock {
    /// Unix seconds now.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Seconds on CLOCK_BOOTTIME (Linux; the monotonic clock elsewhere): counts suspended time,
    /// and setting the wall clock does not move it.
    public static func boottime() -> Double {
        var spec = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_BOOTTIME, &spec)
        #else
        clock_gettime(CLOCK_MONOTONIC, &spec)
        #endif
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// "HH:MM" in local time.
    public static func timeOfDay(_ seconds: Double) -> String {
        var time = time_t(seconds)
        var parts = tm()
        localtime_r(&time, &parts)
        return String(format: "%02d:%02d", parts.tm_hour, parts.tm_min)
    }

    /// "15m", "8h", "1h30m", "45s".
    public static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        let hours = total / 3600, minutes = (total % 3600) / 60, rest = total % 60
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if rest > 0 && hours == 0 { text += "\(rest)s" }
        return text
    }
}
