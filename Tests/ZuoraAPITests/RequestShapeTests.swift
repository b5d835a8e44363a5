import Foundation
import Testing
import TestSupport
import ZuoraAPI
import ZuoraMock

@Suite("The request on the wire matches Zuora's documented login call")
struct RequestShapeTests {
    let credentials = ConnectionCredentials(baseURL: "", user: "demo@example.com", password: Secret("demo-password"))

    @Test func requestCarriesExactlyTheDocumentedHeadersAndNoBody() async throws {
        try await withMockServer { server in
            let client = try ConnectionClient()
            var creds = credentials
            creds.baseURL = server.baseURL
            let outcome = await client.connect(creds, trackId: "ztenant-track-1")
            try await client.shutdown()
            #expect(outcome.status == .ok)

            let requests = server.zuora.requests
            try #require(requests.count == 1)
            let request = requests[0]
            #expect(request.method == "POST")
            #expect(request.uri == "/v1/connections")
            #expect(request.headers(named: "apiAccessKeyId") == ["demo@example.com"])
            #expect(request.headers(named: "apiSecretAccessKey") == ["demo-password"])
            #expect(request.headers(named: "Content-Type") == ["application/json"])
            #expect(request.headers(named: "Accept") == ["application/json"])
            #expect(request.headers(named: "User-Agent") == ["ztenant/\(ZTenantVersion.current)"])
            #expect(request.headers(named: "Zuora-Track-Id") == ["ztenant-track-1"])
            #expect(request.headers(named: "Content-Length") == ["0"])
            #expect(request.body.isEmpty)
            #expect(request.header("entityId") == nil)
            #expect(request.header("entityName") == nil)
            #expect(request.header("Cookie") == nil, "no cookie jar: nothing from earlier calls is sent")
        }
    }

    @Test func everyCallSendsAFreshTrackIdThatZuoraAccepts() async throws {
        try await withMockServer { server in
            let client = try ConnectionClient()
            var creds = credentials
            creds.baseURL = server.baseURL
            let first = await client.connect(creds)
            let second = await client.connect(creds)
            try await client.shutdown()
            let sent = server.zuora.requests.compactMap { $0.header("Zuora-Track-Id") }
            #expect(sent.count == 2)
            #expect(Set(sent).count == 2)
            #expect(first.trackId == sent[0] && second.trackId == sent[1], "the echoed track id is reported")
            for id in sent {
                #expect(id.count <= 64)
                #expect(id.allSatisfy { $0.isASCII && !":;\"'".contains($0) })
            }
        }
    }

    @Test func aPathPrefixInTheBaseURLIsKept() async throws {
        var configuration = MockConfiguration.demo
        configuration.pathPrefix = "/rest"
        try await withMockServer(configuration) { server in
            #expect(server.baseURL.hasSuffix("/rest"))
            let client = try ConnectionClient()
            var creds = credentials
            creds.baseURL = server.baseURL + "/"
            let outcome = await client.connect(creds)
            try await client.shutdown()
            #expect(outcome.status == .ok)
            #expect(server.zuora.requests.map(\.uri) == ["/rest/v1/connections"])
            #expect(outcome.url == server.baseURL + "/v1/connections")
        }
    }

    @Test(arguments: [
        (EntitySelector.id("8a8082c45f2b4a1c015f2c1f2ad10001"), "entityId", "8a8082c45f2b4a1c015f2c1f2ad10001"),
        (EntitySelector.name("Europe"), "entityName", "Europe"),
    ])
    func theEntityHeaderIsSentOnlyWhenSetAndOnlyOne(entity: EntitySelector, header: String, value: String) async throws {
        try await withMockServer { server in
            let client = try ConnectionClient()
            let creds = ConnectionCredentials(baseURL: server.baseURL, user: "multi@example.com",
                password: Secret("multi-password"), entity: entity)
            let outcome = await client.connect(creds)
            try await client.shutdown()
            #expect(outcome.status == .ok)
            let request = try #require(server.zuora.requests.first)
            #expect(request.headers(named: header) == [value])
            let other = header == "entityId" ? "entityName" : "entityId"
            #expect(request.header(other) == nil)
        }
    }

    @Test func secretsNeverAppearInTheURL() async throws {
        try await withMockServer { server in
            let client = try ConnectionClient()
            var creds = credentials
            creds.baseURL = server.baseURL
            _ = await client.connect(creds)
            try await client.shutdown()
            let uri = try #require(server.zuora.requests.first?.uri)
            #expect(!uri.contains("demo-password"))
            #expect(!uri.contains("demo@example.com"))
            #expect(!uri.contains("?"))
        }
    }
}
