import Foundation
import Testing
import TestSupport
import ZuoraAPI
import ZuoraMock

@Suite("TLS: system trust by default, an extra CA on request, and TLS failures told apart")
struct TLSTests {
    @Test func aSelfSignedCertificateIsRefusedWithoutCAFileAndAcceptedWithIt() async throws {
        try await withMockServer(tls: tlsFixture("self-signed")) { server in
            #expect(server.baseURL.hasPrefix("https://127.0.0.1:"))
            let refused = try await login(server.baseURL, user: "demo@example.com", password: "demo-password")
            #expect(refused.status == .tlsError && refused.cause == .tlsUntrusted)
            #expect(refused.detail.contains("--ca-file"))
            #expect(refused.detail.contains("self-signed"), "\(refused.detail)")
            #expect(refused.status.exitCode == 22)
            #expect(server.zuora.requests.isEmpty, "no request is sent over an untrusted connection")

            let accepted = try await login(server.baseURL, user: "demo@example.com", password: "demo-password",
                caFile: Fixtures.tls("self-signed.pem"))
            #expect(accepted.status == .ok)
            #expect(accepted.session != nil)
        }
    }

    @Test func aCertificateFromATrustedCAIsAccepted() async throws {
        try await withMockServer(tls: tlsFixture("server")) { server in
            let outcome = try await login(server.baseURL, user: "demo@example.com", password: "demo-password",
                caFile: Fixtures.tls("ca.pem"))
            #expect(outcome.status == .ok)
        }
    }

    @Test func aCertificateForAnotherHostIsATLSError() async throws {
        try await withMockServer(tls: tlsFixture("wrong-host")) { server in
            let outcome = try await login(server.baseURL, user: "demo@example.com", password: "demo-password",
                caFile: Fixtures.tls("ca.pem"))
            #expect(outcome.status == .tlsError && outcome.cause == .tlsWrongHost)
            #expect(outcome.detail.contains("is for other.example, not 127.0.0.1"), "\(outcome.detail)")
            #expect(server.zuora.requests.isEmpty)
        }
    }

    @Test func aCertificateFromAnUnknownAuthorityNamesTheIssuer() async throws {
        try await withMockServer(tls: tlsFixture("server")) { server in
            let outcome = try await login(server.baseURL, user: "demo@example.com", password: "demo-password")
            #expect(outcome.status == .tlsError)
            #expect(outcome.detail.contains("issuer 'ztenant test CA' is not a trusted authority"), "\(outcome.detail)")
        }
    }

    @Test func anExpiredCertificateIsATLSError() async throws {
        try await withMockServer(tls: tlsFixture("expired")) { server in
            let outcome = try await login(server.baseURL, user: "demo@example.com", password: "demo-password",
                caFile: Fixtures.tls("ca.pem"))
            #expect(outcome.status == .tlsError)
            #expect(outcome.detail.contains("expired on 2001-01-01"), "\(outcome.detail)")
        }
    }

    @Test func httpsToAPlainHTTPServerIsATLSError() async throws {
        try await withMockServer { server in
            let url = server.baseURL.replacingOccurrences(of: "http://", with: "https://")
            let outcome = try await login(url, user: "demo@example.com", password: "demo-password")
            #expect(outcome.status == .tlsError && outcome.cause == .tlsNotTLS)
            #expect(outcome.detail.contains("the server did not answer TLS: is it plain HTTP"), "\(outcome.detail)")
        }
    }

    /// Security finding 9: TLS 1.2 is the oldest version spoken.
    @Test func aServerThatSpeaksOnlyTLS11IsRefusedWithTheReason() async throws {
        var tls = tlsFixture("server")
        tls.maximumVersion = .tlsv11
        try await withMockServer(tls: tls) { server in
            let outcome = try await login(server.baseURL, user: "demo@example.com", password: "demo-password",
                caFile: Fixtures.tls("ca.pem"))
            #expect(outcome.status == .tlsError)
            #expect(outcome.detail.contains("only TLS older than 1.2"), "\(outcome.detail)")
            #expect(server.zuora.requests.isEmpty, "no password crosses an outdated protocol")
        }
        tls.maximumVersion = .tlsv12
        try await withMockServer(tls: tls) { server in
            let outcome = try await login(server.baseURL, user: "demo@example.com", password: "demo-password",
                caFile: Fixtures.tls("ca.pem"))
            #expect(outcome.status == .ok, "TLS 1.2 itself is accepted: \(outcome.detail)")
        }
    }

    @Test func anUnreadableCAFileIsRefusedWhenTheClientIsMadeWithASentence() throws {
        for (path, why) in [
            (Fixtures.tls("make-certificates.sh"), "it holds no PEM certificate that can be read"),
            ("/nonexistent/ca.pem", "there is no such file"),
            (NSTemporaryDirectory(), "it is a folder"),
        ] {
            do {
                _ = try ConnectionClient(configuration: .init(caFile: path))
                Issue.record("\(path) was accepted as a CA file")
            } catch let error as ConnectionClientError {
                #expect(error.description.contains("cannot use CA file \(path): \(why)."), "\(error)")
            }
        }
    }
}
