import CredentialVault
import Foundation
import Testing
import TestSupport
import ZTenantCore
import ZuoraAPI
import ZuoraMock

@Suite("Sessions are reused while fresh and stored after every login")
struct SessionTests {
    @Test func freshnessHonoursTheProfilesTimeoutAndTheMargin() {
        var subject = profile("p", "https://rest.zuora.com")
        let issued = Date(timeIntervalSince1970: 1_000_000)
        let session = StoredSession(value: Secret("s"), obtainedAt: issued, lastUsedAt: issued, fingerprint: subject.sessionFingerprint)
        #expect(SessionPolicy.isFresh(session, for: subject, now: issued.addingTimeInterval(12 * 60)))
        #expect(!SessionPolicy.isFresh(session, for: subject, now: issued.addingTimeInterval(13 * 60)))
        subject.sessionTimeoutMinutes = 60
        #expect(SessionPolicy.isFresh(session, for: subject, now: issued.addingTimeInterval(50 * 60)))
        subject.user = "other"
        #expect(!SessionPolicy.isFresh(session, for: subject, now: issued), "issued to other credentials")
    }

    /// A scratch vault with one profile, `sbx`, pointing at `server`, and a provider for it.
    static func sandbox(_ server: MockZuoraServer) throws -> (ScratchVault, ConnectionClient, SessionProvider) {
        let scratch = try ScratchVault()
        try scratch.vault.update { try $0.add(profile("sbx", server.baseURL)) }
        let client = try ConnectionClient()
        return (scratch, client, SessionProvider(vault: scratch.vault, client: client))
    }

    @Test func theSecondRequestReusesTheCachedSession() async throws {
        try await withMockServer { server in
            let (scratch, client, provider) = try Self.sandbox(server)
            let first = try await provider.session(for: "sbx")
            let afterLogin = try Data(contentsOf: URL(fileURLWithPath: scratch.vault.path))
            let second = try await provider.session(for: "sbx")
            try await client.shutdown()
            #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.vault.path)) == afterLogin,
                "reusing a fresh session writes nothing")
            #expect(!first.reused)
            #expect(second.reused)
            #expect(first.session == second.session)
            #expect(server.zuora.loginCount(user: "demo@example.com") == 1)
            let stored = try scratch.vault.reload()
            #expect(stored.sessions["sbx"]?.value == first.session)
            #expect(try stored.history(of: "sbx").count == 1)
        }
    }

    /// Security finding 2, for sessions stored before the cookie check existed.
    @Test func aStoredSessionThatIsNotCookieSafeIsNeverHandedOut() async throws {
        try await withMockServer { server in
            let (scratch, client, provider) = try Self.sandbox(server)
            _ = try await provider.session(for: "sbx")
            try scratch.vault.update { payload in
                payload.sessions["sbx"]?.value = Secret("abc\u{1B}]0;owned\u{07}")
            }
            let provided = try await provider.session(for: "sbx")
            try await client.shutdown()
            #expect(!provided.reused, "the unsafe stored value was replaced by a new login")
            #expect(SessionCookie.isSafe(provided.session.reveal()))
            #expect(server.zuora.loginCount(user: "demo@example.com") == 2)
        }
    }

    @Test func aStaleSessionLeadsToANewLogin() async throws {
        try await withMockServer { server in
            let (scratch, client, provider) = try Self.sandbox(server)
            defer { withExtendedLifetime(scratch) {} }  // its folder holds the vault
            _ = try await provider.session(for: "sbx")
            let later = try await provider.session(for: "sbx", now: Date().addingTimeInterval(14 * 60))
            try await client.shutdown()
            #expect(!later.reused)
            #expect(server.zuora.loginCount(user: "demo@example.com") == 2)
        }
    }

    @Test func aFailedLoginKeepsTheStoredSessionAndSaysSo() async throws {
        try await withMockServer { server in
            let (scratch, client, provider) = try Self.sandbox(server)
            let good = try await provider.session(for: "sbx")
            server.zuora.reconfigure { $0.users[0].fault = .serverError }
            do {
                _ = try await provider.session(for: "sbx", refresh: true)
                Issue.record("no error")
            } catch let SessionError.loginFailed(outcome, kept) {
                #expect(outcome.status == .serverError)
                #expect(kept)
                #expect(SessionError.loginFailed(outcome, keptSession: kept).description.contains("previously stored session was kept"))
            }
            try await client.shutdown()
            let stored = try scratch.vault.reload()
            #expect(stored.sessions["sbx"]?.value == good.session)
            #expect(try stored.history(of: "sbx").map(\.status) == [.ok, .serverError])
        }
    }

    @Test func anUnknownProfileIsNoSuchProfile() async throws {
        let scratch = try ScratchVault()
        let client = try ConnectionClient()
        await #expect(throws: ProfileError.self) {
            _ = try await SessionProvider(vault: scratch.vault, client: client).session(for: "missing")
        }
        try await client.shutdown()
    }
}
