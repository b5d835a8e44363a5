import Foundation
import Testing
import ZTenantCore
import ZuoraAPI

@Suite("The filter language: words at token starts, key:value terms, errors that say what to type")
struct ProfileFilterTests {
    let prodEU = Profile(name: "acme-prod-eu", baseURL: "https://rest.eu.zuora.com", user: "ops@acme.example", password: Secret("p"),
        tags: ["billing", "newco"])
    let broken = Profile(name: "t-broken", baseURL: "https://rest.sandbox.na.zuora.com", user: "qa@globex.example", password: Secret("p"))
    let proxy = Profile(name: "initech", baseURL: "https://proxy.example.com/rest", user: "api_user", password: Secret("p"), tags: ["Billing"])

    func names(_ text: String, statuses: [String: OutcomeStatus] = [:]) throws -> [String] {
        let filter = try ProfileFilter(text)
        return [prodEU, broken, proxy].filter { filter.matches($0, lastStatus: statuses[$0.name]) }.map(\.name)
    }

    @Test func aWordMatchesTheStartOfATokenNotTheMiddleOfOne() throws {
        #expect(try names("prod") == ["acme-prod-eu"])
        #expect(try names("ok") == [], "'ok' is inside 't-broken', not at a token start")
        #expect(try names("BROK") == ["t-broken"], "case-insensitive")
        #expect(try names("globex") == ["t-broken"], "the user's tokens split at @ and .")
        #expect(try names("rest") == ["acme-prod-eu", "t-broken"], "the host's tokens split at . (a URL path is not the host)")
        #expect(try names("proxy") == ["initech"])
        #expect(try names("new") == ["acme-prod-eu"], "tags")
        #expect(try names("prod-e") == ["acme-prod-eu"], "a word may span a separator")
        #expect(try names("cme") == [])
        let accented = Profile(name: "caf\u{E9}-prod", baseURL: "https://p.example", user: "u", password: Secret("p"))
        #expect(try ProfileFilter("cafe\u{301}").matches(accented, lastStatus: nil), "composed and decomposed spellings match")
        let decomposed = Profile(name: "cafe\u{301}x", baseURL: "https://p.example", user: "u", password: Secret("p"))
        #expect(try ProfileFilter("caf").matches(decomposed, lastStatus: nil), "a prefix of whole characters matches")
        #expect(!(try ProfileFilter("cafe").matches(decomposed, lastStatus: nil)), "e is not the first half of é")
        #expect(try names("") == ["acme-prod-eu", "t-broken", "initech"], "empty matches everything")
    }

    @Test func termsCombineWithAnd() throws {
        #expect(try names("acme eu") == ["acme-prod-eu"])
        #expect(try names("acme globex") == [])
    }

    @Test func statusTermsIncludingNegationAndNeverChecked() throws {
        let statuses: [String: OutcomeStatus] = ["acme-prod-eu": .ok, "t-broken": .authFailed]
        #expect(try names("status:auth_failed", statuses: statuses) == ["t-broken"])
        #expect(try names("status:!ok", statuses: statuses) == ["t-broken", "initech"], "never checked is not ok")
        #expect(try names("status:unchecked", statuses: statuses) == ["initech"])
        #expect(try names("status:ok,auth_failed", statuses: statuses) == ["acme-prod-eu", "t-broken"])
        #expect(try names("STATUS:OK", statuses: statuses) == ["acme-prod-eu"])
    }

    @Test func environmentDataCentreTagAndFieldTerms() throws {
        #expect(try names("env:prod") == ["acme-prod-eu"])
        #expect(try names("env:production") == ["acme-prod-eu"])
        #expect(try names("env:sandbox") == ["t-broken"])
        #expect(try names("env:custom") == ["initech"])
        #expect(try names("env:!prod") == ["t-broken", "initech"])
        #expect(try names("dc:eu") == ["acme-prod-eu"])
        #expect(try names("dc:us") == ["t-broken"])
        #expect(try names("dc:other") == ["initech"])
        #expect(try names("tag:billing") == ["acme-prod-eu", "initech"], "whole tags, any case")
        #expect(try names("tag:bill") == [], "a tag term is the whole tag")
        #expect(try names("tag:!billing") == ["t-broken"])
        #expect(try names("host:eu.zuora") == ["acme-prod-eu"])
        #expect(try names("host:zuora") == ["acme-prod-eu", "t-broken"])
        #expect(try names("host:uora") == [], "host: is a token prefix, not a substring")
        #expect(try names("user:api") == ["initech"])
        #expect(try names("name:!acme") == ["t-broken", "initech"])
        #expect(try names("\"acme-prod\" dc:eu") == ["acme-prod-eu"], "quotes")
    }

    @Test func badTermsSayWhatIsWrongAndWhatToType() {
        func problem(_ text: String) -> String {
            do {
                _ = try ProfileFilter(text)
                return "parsed"
            } catch {
                return error.description
            }
        }
        #expect(problem("stat:ok").contains("unknown key 'stat'"))
        #expect(problem("stat:ok").contains("status:"))
        #expect(problem("status:fine").contains("unknown status 'fine'"))
        #expect(problem("status:fine").contains("auth_failed"))
        #expect(problem("status:") .contains("needs a value"))
        #expect(problem("env:staging").contains("prod, sandbox, test or custom"))
        #expect(problem("dc:mars").contains("us, eu, apac, other"))
        #expect(problem("\"open").contains("not closed"))
        #expect(problem("acme :x") == "parsed", "a leading colon is part of a plain word")
        #expect(problem("status:,").contains("needs a value"))
        for odd in ["", "\"", ":", "::", "status:!", "\"\"", "東京:x", "e\u{301}"] { _ = problem(odd) }
    }

    @Test func whileTypingTheTermsThatParseStillApply() {
        let (filter, problem) = ProfileFilter.lenient("dc:eu status:au")
        #expect(filter.terms.count == 1)
        #expect(filter.matches(prodEU, lastStatus: nil))
        #expect(problem?.term == "status:au")
        let (quoted, unclosed) = ProfileFilter.lenient("\"acme-pr")
        #expect(quoted.matches(prodEU, lastStatus: nil), "an open quote still filters by what is typed")
        #expect(unclosed?.problem == "a double quote is not closed")
    }
}

@Suite("Sorting and grouping profiles: what needs attention first, groups with counts")
struct ProfileOrderTests {
    func outcome(_ status: OutcomeStatus, at seconds: Double, latency: Int? = nil) -> ConnectionOutcome {
        ConnectionOutcome(status: status, url: "u", latencyMs: latency, checkedAt: Date(timeIntervalSince1970: seconds), detail: "d")
    }

    func fleet() -> VaultPayload {
        var payload = VaultPayload(profiles: [
            Profile(name: "b-eu", baseURL: "https://rest.eu.zuora.com", user: "u", password: Secret("p")),
            Profile(name: "a-us-sbx", baseURL: "https://rest.sandbox.na.zuora.com", user: "u", password: Secret("p")),
            Profile(name: "c-ap", baseURL: "https://rest.ap.zuora.com", user: "u", password: Secret("p")),
            Profile(name: "d-proxy", baseURL: "https://proxy.example.com", user: "u", password: Secret("p")),
        ])
        payload.record(outcome(.ok, at: 100, latency: 300), for: "b-eu")
        payload.record(outcome(.authFailed, at: 300, latency: 50), for: "a-us-sbx")
        payload.record(outcome(.ok, at: 200, latency: 900), for: "c-ap")
        return payload
    }

    func sorted(_ text: String) -> [String] {
        let payload = fleet()
        return ProfileOrder(parsing: text)!.sorted(payload.profiles, statuses: payload.statuses).map(\.name)
    }

    @Test func eachKeyInItsNaturalDirectionAndReversed() {
        #expect(sorted("name") == ["a-us-sbx", "b-eu", "c-ap", "d-proxy"])
        #expect(sorted("-name") == ["d-proxy", "c-ap", "b-eu", "a-us-sbx"])
        #expect(sorted("env") == ["b-eu", "c-ap", "a-us-sbx", "d-proxy"], "production, sandbox, test, custom")
        #expect(sorted("dc") == ["a-us-sbx", "b-eu", "c-ap", "d-proxy"])
        #expect(sorted("status") == ["a-us-sbx", "d-proxy", "b-eu", "c-ap"], "failing, never checked, ok")
        #expect(sorted("checked") == ["a-us-sbx", "c-ap", "b-eu", "d-proxy"], "newest first, never checked last")
        #expect(sorted("latency") == ["c-ap", "b-eu", "a-us-sbx", "d-proxy"], "slowest first")
        #expect(sorted("-latency") == ["d-proxy", "a-us-sbx", "b-eu", "c-ap"])
    }

    @Test func theCycleAndTheSettingText() {
        var order = ProfileOrder()
        var seen: [String] = []
        for _ in ProfileOrder.Key.allCases {
            seen.append(order.description)
            order = order.next
        }
        #expect(seen == ["name", "env", "dc", "status", "checked", "latency"])
        #expect(order == ProfileOrder(), "the cycle comes back to name")
        #expect(ProfileOrder(parsing: "-status") == ProfileOrder(.status, reversed: true))
        #expect(ProfileOrder(parsing: "size") == nil)
    }

    @Test func groupsWithHeadersAndFailingCounts() {
        let payload = fleet()
        let byCentre = ProfileGrouping.dataCentre.groups(payload.profiles, statuses: payload.statuses)
        #expect(byCentre.map(\.header) == ["US · 1 · 1 failing", "EU · 1", "APAC · 1", "OTHER · 1"])
        let byStatus = ProfileGrouping.status.groups(payload.profiles, statuses: payload.statuses)
        #expect(byStatus.map(\.header) == ["AUTH_FAILED · 1 · 1 failing", "UNCHECKED · 1", "OK · 2"])
        #expect(byStatus.last?.profiles.map(\.name) == ["b-eu", "c-ap"], "the order within a group is kept")
        let byEnvironment = ProfileGrouping.environment.groups(payload.profiles, statuses: payload.statuses)
        #expect(byEnvironment.map(\.title) == ["PROD", "SANDBOX", "CUSTOM"])
        #expect(ProfileGrouping.none.groups(payload.profiles, statuses: payload.statuses).count == 1)
    }
}
