import Foundation
import ZTenantCore
import ZTenantTUI
import ZuoraAPI

/// Deterministic states for update and render tests.
enum TUIFixtures {
    static let now = Date(timeIntervalSince1970: 1_796_040_000)  // 2026-11-29T12:00:00Z

    static func outcome(_ status: OutcomeStatus, http: Int?, reasons: [Reason] = [], detail: String, minutesAgo: Double = 3) -> ConnectionOutcome {
        ConnectionOutcome(status: status, url: "https://rest.zuora.com/v1/connections", httpStatus: http, reasons: reasons,
            processId: status == .ok ? nil : "3F2A1B0C9D8E7F60", requestId: "0b3c6a2e-1111-4c2b-9a3e-5d6f7a8b9c0d",
            trackId: "ztenant-7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6", latencyMs: 187, checkedAt: now.addingTimeInterval(-minutesAgo * 60),
            detail: detail)
    }

    /// An outcome produced by the real classifier from a hostile 401 body.
    static func hostileOutcome() -> ConnectionOutcome {
        let request = try! ConnectionRequest.make(ConnectionCredentials(baseURL: "https://rest.eu.zuora.com", user: "u",
            password: Secret("p")), trackId: "ztenant-hostile").get()
        let body = #"{"success":false,"reasons":[{"code":90000011,"message":"\u001b]0;owned\u0007\u001b[2J\u001b[31mPassword expired\u001b[0m \u202e"# + String(repeating: "A", count: 500) + #""}]}"#
        return ResponseClassifier.classify(ResponseSnapshot(status: 401, headers: [], body: Array(body.utf8)), request: request,
            sentEntity: false, startedAt: now.addingTimeInterval(-60), latencyMs: 240)
    }

    static func payload() -> VaultPayload {
        var payload = VaultPayload()
        payload.profiles = [
            Profile(name: "acme-prod-us", baseURL: "https://rest.na.zuora.com", user: "api@acme.com", password: Secret("pw-1"), tags: ["acme"]),
            Profile(name: "acme-sandbox", baseURL: "https://rest.sandbox.na.zuora.com", user: "api@acme.com", password: Secret("pw-2")),
            Profile(name: "globex-europe-finance-operations-team", baseURL: "https://rest.eu.zuora.com", user: "finance.ops@globex.example",
                password: Secret("pw-3"), entity: .name("Europe")),
            Profile(name: "東京-prod", baseURL: "https://rest.ap.zuora.com", user: "ops@example.jp", password: Secret("pw-4")),
            Profile(name: "initech-test", baseURL: "https://rest.test.zuora.com", user: "qa@initech.example", password: Secret("pw-5")),
            Profile(name: "proxy-custom", baseURL: "https://zuora-proxy.internal.example/rest", user: "svc", password: Secret("pw-6")),
        ]
        payload.activeProfile = "acme-prod-us"
        payload.record(outcome(.ok, http: 200, detail: "Authenticated; Zuora issued a session."), for: "acme-prod-us")
        payload.sessions["acme-prod-us"] = StoredSession(value: Secret("session-secret-value"), obtainedAt: now.addingTimeInterval(-180),
            lastUsedAt: now.addingTimeInterval(-180), fingerprint: payload.profiles[0].sessionFingerprint)
        payload.record(outcome(.authFailed, http: 401, reasons: [Reason(code: "90000011", message: "this resource is protected, please sign in first")],
            detail: "Zuora rejected the credentials (HTTP 401: 90000011: this resource is protected, please sign in first). Check the password (it may have been changed or expired) and that the user belongs to this data centre."), for: "acme-sandbox")
        payload.record(outcome(.entityError, http: 403, reasons: [Reason(code: "90000020", message: "You do not have access to entity Europe.")],
            detail: "Zuora refused the entity (HTTP 403: 90000020: You do not have access to entity Europe.). Check the entity id or name, and that this user may enter it."),
            for: "globex-europe-finance-operations-team")
        payload.record(hostileOutcome(), for: "東京-prod")
        payload.record(outcome(.rateLimited, http: 429, reasons: [Reason(code: nil, message: "request exceeded limit")],
            detail: "Zuora is rate limiting logins (HTTP 429: request exceeded limit); retry in 30 s."), for: "initech-test")
        return payload
    }

    static func unlocked(size: TerminalSize = TerminalSize(rows: 24, columns: 80)) -> AppState {
        var state = AppState(phase: .locked, vaultPath: "/home/op/.local/share/ztenant/vault.ztv",
            themeNames: ["default", "high-contrast", "light", "mono", "solarized-dark"], themeName: "default", size: size, now: now)
        state = Update.update(state, .unlocked(payload())).0
        state.message = nil
        return state
    }

    static func press(_ state: AppState, _ keys: Key...) -> (AppState, [Effect]) {
        var current = state
        var effects: [Effect] = []
        for key in keys {
            let (next, produced) = Update.update(current, .key(key))
            current = next
            effects += produced
        }
        return (current, effects)
    }

    static func type(_ state: AppState, _ text: String) -> AppState {
        var current = state
        for character in text { current = Update.update(current, .key(.character(character))).0 }
        return current
    }
}
