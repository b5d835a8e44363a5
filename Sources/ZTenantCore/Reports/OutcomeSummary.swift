import ZuoraAPI

/// The short human summary of one connection call that `probe` and `check` print.
public enum OutcomeSummary {
    /// Lines of text, no colour, nothing secret; every server string already sanitized.
    ///
    /// ```
    /// ✗ auth_failed  HTTP 401  412 ms  https://rest.sandbox.na.zuora.com/v1/connections
    ///   reason 90000011: this resource is protected, please sign in first
    ///   Zuora rejected the credentials (…). Check the password …
    ///   request 0b3c…  track ztenant-…  process 7F2…
    /// ```
    public static func lines(for outcome: ConnectionOutcome, profile: String? = nil) -> [String] {
        var first = "\(outcome.status.symbol) \(outcome.status.rawValue)"
        if let profile { first = "\(outcome.status.symbol) \(profile)  \(outcome.status.rawValue)" }
        if let http = outcome.httpStatus { first += "  HTTP \(http)" }
        if let latency = outcome.latencyMs { first += "  \(latency) ms" }
        first += "  \(outcome.url)"
        var lines = [first]
        for reason in outcome.reasons {
            var line = "  reason \(reason.summary)"
            if let meaning = reason.categoryMeaning { line += " [\(meaning)]" }
            lines.append(line)
        }
        lines.append("  \(outcome.detail)")
        if let grant = outcome.grant {
            // What the token says the client really is: a password login cannot tell this.
            var facts = ["tenant \(grant.tenantId ?? "?")"]
            if let user = grant.userId { facts.append("user \(user)") }
            facts.append(grant.entityIds.isEmpty ? "no entity in scope" : "entities \(grant.entityIds.joined(separator: ", "))")
            if let expires = grant.expiresIn { facts.append("expires in \(expires) s") }
            lines.append("  " + facts.joined(separator: "  "))
        }
        if let location = outcome.redirectLocation {
            lines.append("  redirect to \(location) (not followed)")
        }
        if let retry = outcome.retryAfterSeconds, outcome.status == .rateLimited {
            lines.append("  retry after \(retry) s")
        }
        var ids: [String] = []
        if let request = outcome.requestId { ids.append("request \(request)") }
        if let track = outcome.trackId { ids.append("track \(track)") }
        if let process = outcome.processId { ids.append("process \(process)") }
        if !ids.isEmpty { lines.append("  " + ids.joined(separator: "  ")) }
        return lines
    }
}
