import Foundation
import Testing
import ZTenantCore
import ZuoraAPI

@Suite("Profile operations keep names unique and carry sessions and history along")
struct ProfileOperationsTests {
    var payload = VaultPayload()

    init() throws {
        try payload.add(profile("acme-prod", "https://rest.zuora.com"))
        try payload.add(profile("acme-sbx", "https://rest.apisandbox.zuora.com"))
    }

    @Test mutating func namesAreUnique() {
        #expect(throws: ProfileError.duplicateName("acme-prod")) {
            try payload.add(profile("acme-prod", "https://rest.eu.zuora.com"))
        }
    }

    @Test mutating func invalidProfilesAreRefusedWithEveryProblem() {
        do {
            try payload.add(profile("bad name", "http://example.com", user: ""))
            Issue.record("accepted")
        } catch let ProfileError.invalid(_, problems) {
            #expect(Set(problems.map(\.field)) == [.name, .url, .user])
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test mutating func renameCarriesSessionHistoryAndActiveMark() throws {
        let now = Date()
        payload.sessions["acme-prod"] = StoredSession(value: Secret("s"), obtainedAt: now, lastUsedAt: now, fingerprint: "f")
        payload.record(ConnectionOutcome(status: .ok, url: "u", checkedAt: now, detail: "d"), for: "acme-prod")
        try payload.setActive("acme-prod")
        try payload.rename("acme-prod", to: "acme-production")
        #expect(payload.profile(named: "acme-prod") == nil)
        #expect(payload.sessions["acme-production"]?.value == Secret("s"))
        #expect(try payload.history(of: "acme-production").count == 1)
        #expect(payload.activeProfile == "acme-production")
        #expect(throws: ProfileError.duplicateName("acme-sbx")) { try payload.rename("acme-production", to: "acme-sbx") }
    }

    @Test mutating func removeForgetsSessionHistoryAndActiveMark() throws {
        try payload.setActive("acme-sbx")
        payload.record(ConnectionOutcome(status: .ok, url: "u", checkedAt: Date(), detail: "d"), for: "acme-sbx")
        try payload.remove("acme-sbx")
        #expect(payload.activeProfile == nil)
        #expect(try payload.history(of: "acme-sbx").isEmpty)
        #expect(payload.status(of: "acme-sbx") == nil)
        #expect(payload.profiles.map(\.name) == ["acme-prod"])
    }

    @Test mutating func editingCredentialsForgetsTheSessionButNotesDoNot() throws {
        let now = Date()
        let session = StoredSession(value: Secret("s"), obtainedAt: now, lastUsedAt: now, fingerprint: "f")
        payload.sessions["acme-prod"] = session
        try payload.edit("acme-prod") { $0.notes = "primary" }
        #expect(payload.sessions["acme-prod"] == session)
        try payload.edit("acme-prod") { $0.password = Secret("rotated") }
        #expect(payload.sessions["acme-prod"] == nil)
    }

    @Test mutating func anEditThatBreaksValidationChangesNothing() {
        #expect(throws: ProfileError.self) {
            try payload.edit("acme-prod") { $0.baseURL = "http://rest.zuora.com" }
        }
        #expect(payload.profile(named: "acme-prod")?.baseURL == "https://rest.zuora.com")
    }

    @Test func unknownNamesSuggestTheClosestOne() {
        #expect(throws: ProfileError.noSuchProfile(name: "acme-prd", suggestion: "acme-prod")) { _ = try payload.indexOf("acme-prd") }
        #expect(throws: ProfileError.noSuchProfile(name: "ACME-SBX", suggestion: "acme-sbx")) { _ = try payload.indexOf("ACME-SBX") }
        #expect(throws: ProfileError.noSuchProfile(name: "zzz", suggestion: nil)) { _ = try payload.indexOf("zzz") }
    }

    @Test mutating func historyIsBounded() throws {
        for index in 0..<(VaultPayload.historyLimit + 7) {
            payload.record(ConnectionOutcome(status: .ok, url: "u", latencyMs: index, checkedAt: Date(), detail: "d",
                session: Secret("never-stored")), for: "acme-prod")
        }
        let history = try payload.history(of: "acme-prod")
        #expect(history.count == VaultPayload.historyLimit)
        #expect(history.first?.latencyMs == 7)
        #expect(history.allSatisfy { $0.session == nil })
    }

    @Test mutating func importMergesWithoutOverwritingUnlessAsked() {
        let export = ExportPayload(profiles: [
            profile("acme-prod", "https://rest.eu.zuora.com"), profile("new-one", "https://rest.ap.zuora.com"),
            profile("bad name", "https://rest.ap.zuora.com"),
        ])
        let report = payload.merge(export, overwrite: false)
        #expect(report.map(\.result) == [.skippedExisting, .added, .invalid(["name 'bad name' may contain only letters, digits, '-', '_', '.' and '@' (no spaces)"])])
        #expect(payload.profile(named: "acme-prod")?.baseURL == "https://rest.zuora.com")
        let again = payload.merge(export, overwrite: true)
        #expect(again.first?.result == .replaced)
        #expect(payload.profile(named: "acme-prod")?.baseURL == "https://rest.eu.zuora.com")
    }
}
