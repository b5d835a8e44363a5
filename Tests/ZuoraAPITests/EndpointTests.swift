import Testing
import ZuoraAPI

@Suite("Base URLs become /v1/connections URLs, or are refused before sending")
struct EndpointTests {
    @Test(arguments: [
        ("https://rest.zuora.com", "https://rest.zuora.com/v1/connections"),
        ("https://rest.zuora.com/", "https://rest.zuora.com/v1/connections"),
        ("https://proxy.example.com/rest", "https://proxy.example.com/rest/v1/connections"),
        ("https://proxy.example.com/rest/v1", "https://proxy.example.com/rest/v1/connections"),
        ("https://rest.zuora.com/v1/connections", "https://rest.zuora.com/v1/connections"),
        ("https://rest.zuora.com:8443/a/b/", "https://rest.zuora.com:8443/a/b/v1/connections"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1/connections"),
        ("http://localhost:9", "http://localhost:9/v1/connections"),
        ("http://[::1]:8080/rest", "http://[::1]:8080/rest/v1/connections"),
    ])
    func baseURLsMapToTheConnectionsURL(base: String, expected: String) throws {
        let endpoint = try ConnectionEndpoint.make(baseURL: base).get()
        #expect(endpoint.url == expected)
    }

    @Test(arguments: [
        ("http://rest.zuora.com", "plain http:// is allowed only for loopback"),
        ("http://10.0.0.5", "plain http:// is allowed only for loopback"),
        ("ftp://rest.zuora.com", "scheme 'ftp' is not supported"),
        ("https://user:pw@rest.zuora.com", "must not contain a user or password"),
        ("https://rest.zuora.com/?apiSecretAccessKey=x", "must not contain a query string"),
        ("", "URL is empty"),
        ("rest.zuora.com", "is not a valid URL"),
    ])
    func unusableURLsAreRefusedWithTheReason(base: String, message: String) {
        guard case .failure(let problems) = ConnectionEndpoint.make(baseURL: base) else {
            Issue.record("\(base) was accepted")
            return
        }
        #expect(problems.messages.contains { $0.contains(message) }, "\(problems.messages)")
    }

    @Test func everyProblemIsReportedAtOnce() {
        let credentials = ConnectionCredentials(baseURL: "http://example.com?x=1", user: "", password: Secret("a\nb"))
        guard case .failure(let problems) = ConnectionRequest.make(credentials) else {
            Issue.record("accepted")
            return
        }
        #expect(problems.messages.count == 4, "\(problems.messages)")
    }

    @Test(arguments: ["127.0.0.1", "127.8.9.10", "127.255.255.254", "localhost", "LOCALHOST", "::1", "[::1]",
        "0:0:0:0:0:0:0:1"])
    func loopbackHostsAreRecognised(host: String) {
        #expect(ConnectionEndpoint.isLoopback(host))
    }

    /// Security finding 3: a name is never judged by how it resolves (DNS rebinding), so
    /// `*.localhost` and every spelling that is not a plain loopback literal is refused.
    @Test(arguments: ["128.0.0.1", "10.0.0.1", "localhost.example.com", "127.0.0", "example.com", "api.localhost",
        "x.localhost", "127.0.0.01", "0127.0.0.1", "127.0.0.1.", "127.1", "2130706433", "0x7f.0.0.1",
        "::ffff:127.0.0.1", "::2", "localhost.", "１２７.0.0.1"])
    func otherHostsAreNotLoopback(host: String) {
        #expect(!ConnectionEndpoint.isLoopback(host))
    }

    /// Found by `scripts/fuzz.sh profile`: a %-escaped host decoded to a control character
    /// that the problem message then quoted raw.
    @Test(arguments: ["http://127%080", "https://rest%0A.zuora.com", "https://a%20b.example", "http://%31%32%37.0.0.1"])
    func aHostWithEscapesOrControlsIsRefusedAndQuotedSafely(url: String) {
        guard case .failure(let problems) = ConnectionEndpoint.make(baseURL: url) else {
            Issue.record("\(url) was accepted")
            return
        }
        #expect(problems.description.contains("is not a plain host name or address"), "\(problems)")
        #expect(!problems.description.unicodeScalars.contains { $0.value < 0x20 }, "\(problems.description.debugDescription)")
    }

    @Test func plainHTTPToADotLocalhostNameIsRefusedBeforeAnyLookup() {
        guard case .failure(let problems) = ConnectionEndpoint.make(baseURL: "http://evil.localhost:8080") else {
            Issue.record("http://evil.localhost was accepted")
            return
        }
        #expect(problems.description.contains("only for loopback addresses"), "\(problems)")
        #expect((try? ConnectionEndpoint.make(baseURL: "https://evil.localhost:8080").get()) != nil, "https is fine")
    }
}
