import Foundation
import ZTenantCore
import ZTenantThemes
import ZuoraAPI

/// The selected profile in full: every field (password masked), the last outcome with every
/// reason, ids, and a short history.
enum DetailPane {
    static func draw(_ grid: inout Grid, _ rect: Rect, state: AppState, profile: Profile?) {
        guard let profile, let payload = state.payload else {
            Renderer.frame(&grid, rect, title: "Details")
            return
        }
        Renderer.frame(&grid, rect, title: profile.name)
        let inner = rect.column + 2
        let width = rect.columns - 4
        var row = rect.row + 1
        let bottom = rect.row + rect.rows - 1
        func line(_ text: String, _ role: ThemeRole = .text) {
            guard row < bottom else { return }
            grid.write(text, row: row, column: inner, role: role, width: width)
            row += 1
        }
        func pair(_ label: String, _ value: String, _ role: ThemeRole = .text) {
            guard row < bottom else { return }
            grid.write(DisplayWidth.pad(label, to: 10), row: row, column: inner, role: .muted)
            grid.write(value, row: row, column: inner + 11, role: role, width: width - 11)
            row += 1
        }
        pair("URL", profile.baseURL)
        pair("Env", "\(profile.environmentClass.badge)  \(Renderer.hostDescription(profile))",
            Renderer.role(for: profile.environmentClass))
        pair(profile.auth == .oauth ? "Client" : "User", profile.user)
        pair(profile.auth == .oauth ? "Secret" : "Password", "•••••••• (hidden)", .muted)
        pair("Entity", profile.entity.summary)
        if !profile.tags.isEmpty { pair("Tags", profile.tags.joined(separator: ", ")) }
        let session = payload.sessions[profile.name]
        pair("Session", session.map {
            "obtained \(Age.coarse(state.now.timeIntervalSince($0.obtainedAt))) ago, " + (SessionPolicy.isFresh($0, for: profile, now: state.now) ? "fresh" : "stale")
        } ?? "none", .muted)
        if payload.activeProfile == profile.name { pair("Active", "* yes") }
        row += 1
        guard let last = payload.lastOutcome(of: profile.name) else {
            line("Never checked: press c.", .muted)
            return
        }
        var headline = "\(last.status.symbol) \(last.status.rawValue)"
        if let http = last.httpStatus { headline += "  HTTP \(http)" }
        if let latency = last.latencyMs { headline += "  \(latency) ms" }
        headline += "  \(Age.coarse(state.now.timeIntervalSince(last.checkedAt))) ago"
        line(headline, Renderer.role(for: last.status))
        if let grant = last.grant {
            // What an OAuth token says the client is: tenant, user, entities.
            let entities = grant.entityIds.isEmpty ? "no entity" : "\(grant.entityIds.count) entit\(grant.entityIds.count == 1 ? "y" : "ies")"
            line("tenant \(grant.tenantId ?? "?") · \(entities)" + (grant.expiresIn.map { " · token valid \($0) s" } ?? ""), .muted)
        }
        for reason in last.reasons {
            for (index, text) in Renderer.wrap("\(reason.code ?? "—")  \(reason.message)", width: width - 2).enumerated() {
                line((index == 0 ? "• " : "  ") + text, .statusFail)
            }
        }
        for text in Renderer.wrap(last.detail, width: width) { line(text) }
        if let process = last.processId { pair("processId", process, .muted) }
        if let request = last.requestId { pair("request", request, .muted) }
        if let track = last.trackId { pair("track", track, .muted) }
        if let location = last.redirectLocation { pair("redirect", location, .muted) }
        if let retry = last.retryAfterSeconds, last.status == .rateLimited { pair("retry in", "\(retry) s", .statusWarn) }
        let history = state.recentHistory(of: profile).reversed().prefix(6)
        if history.count > 1 {
            row += 1
            line("History", .title)
            for entry in history {
                let time = String(ISO8601.string(entry.checkedAt).dropFirst(5).prefix(11)).replacingOccurrences(of: "T", with: " ")
                line("\(time)  \(ProfileSummary.lastOutcome(entry))  \(ProfileSummary.latency(entry))", Renderer.role(for: entry.status))
            }
        }
    }
}
