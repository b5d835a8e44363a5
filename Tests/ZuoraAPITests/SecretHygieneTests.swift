import Foundation
import Testing
import TestSupport
import ZuoraAPI
import ZuoraMock

@Suite("Secrets never appear in outcomes, descriptions or encoded forms")
struct SecretHygieneTests {
    @Test func aSecretHidesItselfEverywhere() {
        let secret = Secret("hunter2-very-secret")
        var dumped = ""
        dump(secret, to: &dumped)
        for text in ["\(secret)", String(describing: secret), String(reflecting: secret), dumped] {
            #expect(!text.contains("hunter2"))
        }
        let credentials = ConnectionCredentials(baseURL: "https://x", user: "u", password: secret)
        var dumpedCredentials = ""
        dump(credentials, to: &dumpedCredentials)
        #expect(!"\(credentials)".contains("hunter2"))
        #expect(!dumpedCredentials.contains("hunter2"))
    }

    @Test(arguments: ["demo-password", "wrong-password-xyz"])
    func noSecretInAnyOutcomeDescriptionOrEncoding(password: String) async throws {
        try await withMockServer { server in
            let outcome = try await login(server.baseURL, user: "demo@example.com", password: password)
            let session = outcome.session?.reveal()
            let encoded = String(decoding: try JSONEncoder().encode(outcome), as: UTF8.self)
            var dumped = ""
            dump(outcome, to: &dumped)
            for text in [encoded, dumped, "\(outcome)", String(reflecting: outcome), outcome.detail] {
                #expect(!text.contains(password))
                if let session { #expect(!text.contains(session)) }
            }
        }
    }
}
