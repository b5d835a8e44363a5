import Foundation
import Testing
import TestSupport
import ZuoraAPI
import ZuoraMock

/// Security finding 2: the ZSession value is untrusted server text that reaches stdout,
/// shell variables and `Cookie:` headers, so only RFC 6265 cookie-octets pass.
@Suite("A session cookie that is not cookie-safe is a protocol error and is never handed on")
struct HostileSessionCookieTests {
    @Test(arguments: [
        ("ZSession=abc%1B%5D0%3Bowned%07; Path=/", "control character (0x1B)"),
        ("ZSession=abc%0D%0AX-Injected:%201; Path=/", "control character (0xD)"),
        ("ZSession=a%3Bb; Path=/", "character ';'"),
        ("ZSession=a%20b; Path=/", "character ' '"),
        ("ZSession=a%22b; Path=/", "character '\"'"),
        ("ZSession=a%5Cb; Path=/", "character '\\'"),
        ("ZSession=a%2Cb; Path=/", "character ','"),
        ("ZSession=caf%C3%A9; Path=/", "outside ASCII"),
        ("ZSession=abc%ZZ; Path=/", "percent-encoding is invalid"),
    ])
    func anUnsafeCookieValueIsAProtocolErrorNamingTheProblem(header: String, problem: String) async throws {
        let fault = MockFault.custom(status: 200, headers: ["Set-Cookie": header, "Content-Type": "application/json"],
            body: #"{"success":true}"#)
        try await withMockServer(faulty(fault)) { server in
            let outcome = try await login(server.baseURL, user: "u", password: "p")
            #expect(outcome.status == .protocolError)
            #expect(outcome.session == nil, "nothing unsafe is kept as a session")
            #expect(outcome.detail.contains(problem), "\(outcome.detail)")
            #expect(!outcome.detail.contains("\u{1B}"))
            #expect(!outcome.detail.contains("owned"), "the value itself is never quoted")
        }
    }

    @Test func aLongSessionIsRefused() {
        let value = String(repeating: "a", count: SessionCookie.maxLength + 1)
        #expect(SessionCookie.lookup(in: ["ZSession=\(value)"]) == .unsafe("it is 4097 bytes long (more than 4096)"))
    }

    @Test func everyCookieOctetIsAcceptedAndNothingElse() {
        for byte in UInt8(0)...UInt8(0x7F) {
            let allowed = byte == 0x21 || (0x23...0x2B).contains(byte) || (0x2D...0x3A).contains(byte)
                || (0x3C...0x5B).contains(byte) || (0x5D...0x7E).contains(byte)
            let encoded = String(format: "%%%02X", byte)
            let lookup = SessionCookie.lookup(in: ["ZSession=x\(encoded)y"])
            if allowed {
                #expect(lookup == .found(Secret("x\(Character(Unicode.Scalar(byte)))y")), "byte \(byte)")
            } else {
                guard case .unsafe = lookup else {
                    Issue.record("byte \(byte) was accepted")
                    continue
                }
            }
        }
    }

    @Test func aSafeCookieLaterInTheHeadersStillWins() {
        #expect(SessionCookie.lookup(in: ["ZSession=a%1Bb", "ZSession=good"]) == .found(Secret("good")))
    }
}
