import CredentialVault
import Foundation
import Testing
@testable import ZTenantCore
import ZuoraAPI

@Suite("OAuth profiles in the vault: kept as their kind, with their token facts, under payload schema 3")
struct OAuthStorageTests {
    @Test func anOAuthProfileAndItsOutcomeSurviveAWriteAndTheSchemaSaysSo() throws {
        let client = Profile(name: "acme-oauth", baseURL: "https://rest.zuora.com", user: "0123456789abcdef", password: Secret("s3cret"),
            entity: .id("8a8082c4-5f2b-4a1c-015f-2c1f2ad10001"), auth: .oauth)
        let scratch = try ScratchVault(VaultPayload(profiles: [Profile(name: "pw", baseURL: "https://rest.zuora.com", user: "u", password: Secret("p"))]))
        #expect(try scratch.vault.reload().schema == 1)
        var outcome = ConnectionOutcome(status: .ok, url: "https://rest.zuora.com/oauth/token", httpStatus: 200, checkedAt: Date(), detail: "ok")
        outcome.auth = .oauth
        outcome.grant = TokenGrant(tenantId: "12270", userId: "abc", entityIds: ["e-1", "e-2"], expiresIn: 3599)
        _ = try scratch.vault.update { payload in
            try payload.add(client)
            payload.record(outcome, for: "acme-oauth")
        }
        let (_, reopened) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Passphrase("test passphrase"))
        #expect(reopened.schema == 3, "a build that knows only schema 2 opens it read-only instead of dropping the kind")
        let stored = try #require(reopened.profile(named: "acme-oauth"))
        #expect(stored.auth == .oauth && stored.user == "0123456789abcdef")
        #expect(stored.oauthCredentials.entityIds == ["8a8082c4-5f2b-4a1c-015f-2c1f2ad10001"])
        #expect(reopened.profile(named: "pw")?.auth == .password, "existing profiles stay password profiles")
        let last = try #require(reopened.lastOutcome(of: "acme-oauth"))
        #expect(last.auth == .oauth && last.grant == outcome.grant)
        #expect(try reopened.history(of: "acme-oauth").last?.grant == outcome.grant)
        #expect(ExportPayload(profiles: [client]).schema == 3)
        #expect(stored.sessionFingerprint != Profile(name: "x", baseURL: client.baseURL, user: client.user, password: client.password,
            entity: client.entity).sessionFingerprint, "a token is never reused as a password profile's ZSession")
    }

    @Test func aShortTokenEndsWhenItsExpiresInSaysAndTheVaultKeepsTheEnd() throws {
        let client = Profile(name: "c", baseURL: "https://rest.zuora.com", user: "id", password: Secret("s"), auth: .oauth)
        let issued = Date(timeIntervalSince1970: 2_000_000)
        var outcome = ConnectionOutcome(status: .ok, url: "u", checkedAt: issued, detail: "ok", session: Secret("tok"))
        outcome.auth = .oauth
        outcome.grant = TokenGrant(expiresIn: 600)
        let stored = try #require(StoredSession(from: outcome, fingerprint: client.sessionFingerprint, lastUsedAt: issued))
        #expect(stored.expiresAt == issued.addingTimeInterval(600))
        #expect(SessionPolicy.isFresh(stored, for: client, now: issued.addingTimeInterval(299)))
        #expect(!SessionPolicy.isFresh(stored, for: client, now: issued.addingTimeInterval(300)), "five minutes before its 10 minutes end")
        let scratch = try ScratchVault(VaultPayload(profiles: [client]))
        _ = try scratch.vault.update { $0.sessions["c"] = stored }
        #expect(try scratch.vault.reload().sessions["c"]?.expiresAt == stored.expiresAt)
        var huge = outcome
        huge.grant = TokenGrant(expiresIn: 86_400)
        #expect(StoredSession.expiry(of: huge) == issued.addingTimeInterval(3599), "never longer than Zuora's hour")
    }

    @Test func aTokenIsReusedUntilFiveMinutesBeforeItEnds() {
        let client = Profile(name: "c", baseURL: "https://rest.zuora.com", user: "id", password: Secret("s"), auth: .oauth)
        let issued = Date(timeIntervalSince1970: 1_000_000)
        let stored = StoredSession(value: Secret("t"), obtainedAt: issued, lastUsedAt: issued, fingerprint: client.sessionFingerprint)
        #expect(SessionPolicy.isFresh(stored, for: client, now: issued.addingTimeInterval(3299 - 1)))
        #expect(!SessionPolicy.isFresh(stored, for: client, now: issued.addingTimeInterval(3300)))
    }
}
