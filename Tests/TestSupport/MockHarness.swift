import Foundation
import ZuoraMock

/// Runs `body` with a mock Zuora server on 127.0.0.1 and an ephemeral port, and always
/// shuts the server down afterwards.
public func withMockServer<T>(
    _ configuration: MockConfiguration = .demo, tls: MockTLS? = nil,
    _ body: (MockZuoraServer) async throws -> T
) async throws -> T {
    let server = try await MockZuoraServer.start(configuration: configuration, tls: tls)
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

/// The mock's TLS setting for a fixture pair, e.g. `tlsFixture("server")`.
public func tlsFixture(_ name: String) -> MockTLS {
    MockTLS(certificatePath: Fixtures.tls("\(name).pem"), keyPath: Fixtures.tls("\(name)-key.pem"))
}
