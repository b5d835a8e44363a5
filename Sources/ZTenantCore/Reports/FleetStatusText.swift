/// The text of a fleet check's live status line, e.g.
/// `checking 12/200 · 4 sending · pacing 90/min to rest.eu.zuora.com, next in 41 s · acme-eu waits 23 s (429) · 150 queued`.
public enum FleetStatusText {
    /// Builds the line.
    /// - Parameters:
    ///   - done: results in.
    ///   - total: profiles in the check.
    ///   - sending: logins on the wire.
    ///   - pacing: profiles waiting their turn in a host's pacing window, with the seconds left.
    ///   - rate: the pace, e.g. `90/min`.
    ///   - waiting: profiles waiting out a 429's delay, with the seconds left.
    public static func line(done: Int, total: Int, sending: Int, pacing: [(host: String, seconds: Int)], rate: String,
        waiting: [(name: String, seconds: Int)]) -> String
    {
        var parts = ["checking \(done)/\(total)"]
        if sending > 0 { parts.append("\(sending) sending") }
        var seenHosts: Set<String> = []
        for entry in pacing.sorted(by: { ($0.seconds, $0.host) < ($1.seconds, $1.host) }) where seenHosts.insert(entry.host).inserted {
            parts.append("pacing \(rate) to \(entry.host), next in \(entry.seconds) s")
        }
        let waits = waiting.sorted { ($0.seconds, $0.name) < ($1.seconds, $1.name) }
        for entry in waits.prefix(2) { parts.append("\(entry.name) waits \(entry.seconds) s (429)") }
        if waits.count > 2 { parts.append("\(waits.count - 2) more wait") }
        let queued = total - done - sending - pacing.count - waiting.count
        if queued > 0 { parts.append("\(queued) queued") }
        return parts.joined(separator: " · ")
    }
}
