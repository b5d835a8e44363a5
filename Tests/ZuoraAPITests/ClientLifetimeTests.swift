import AsyncHTTPClient
import Foundation
import Testing
import TestSupport
import ZuoraAPI

/// `withConnectionClient` shuts its client down however the body ends, and stored causes
/// from a later version still read.
@Suite("A scoped client is always shut down; unknown stored causes read as other")
struct ClientLifetimeTests {
    struct Stop: Error {}

    @Test func theClientIsShutDownWhenTheBodyReturnsOrThrows() async throws {
        try await withMockServer { server in
            let credentials = ConnectionCredentials(baseURL: server.baseURL, user: "demo@example.com", password: Secret("demo-password"))
            var kept: ConnectionClient?
            let status = try await ConnectionClient.withConnectionClient { client in
                kept = client
                return await client.connect(credentials).status
            }
            #expect(status == .ok)
            await #expect(throws: HTTPClientError.alreadyShutdown, "a second shutdown finds it shut") { try await kept?.shutdown() }

            kept = nil
            await #expect(throws: Stop.self) {
                try await ConnectionClient.withConnectionClient { client in
                    kept = client
                    throw Stop()
                }
            }
            await #expect(throws: HTTPClientError.alreadyShutdown, "shut down after the body threw") { try await kept?.shutdown() }
        }
    }

    @Test func aCauseALaterVersionAddedReadsAsOther() throws {
        let decoded = try JSONDecoder().decode([TransportCause].self, from: Data(#"["tls_expired","quantum_flux"]"#.utf8))
        #expect(decoded == [.tlsExpired, .other])
    }
}
