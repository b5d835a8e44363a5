import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A mock Zuora REST endpoint on a real socket: HTTP/1.1 over plain TCP or TLS, answering
/// `POST /v1/connections` as ``MockZuora`` decides.
///
/// ```swift
/// let server = try await MockZuoraServer.start(configuration: .demo)
/// defer { Task { await server.shutdown() } }
/// print(server.baseURL)   // http://127.0.0.1:54321
/// ```
public final class MockZuoraServer: Sendable {
    /// The behaviour and the record of what was received.
    public let zuora: MockZuora
    /// The address the server listens on.
    public let host: String
    /// The port the server listens on (the one the system chose when started with 0).
    public let port: Int
    /// Whether the server speaks TLS.
    public let usesTLS: Bool

    private let channel: any Channel
    private let registry: Registry

    /// The tenant base URL clients should use, including the configured path prefix.
    public var baseURL: String {
        let authority = host.contains(":") ? "[\(host)]" : host
        return "\(usesTLS ? "https" : "http")://\(authority):\(port)\(zuora.configuration.pathPrefix)"
    }

    private init(zuora: MockZuora, host: String, port: Int, usesTLS: Bool, channel: any Channel,
        registry: Registry)
    {
        self.zuora = zuora
        self.host = host
        self.port = port
        self.usesTLS = usesTLS
        self.channel = channel
        self.registry = registry
    }

    /// Starts listening.
    ///
    /// - Parameters:
    ///   - configuration: users, entities, limits.
    ///   - host: the address to bind, `127.0.0.1` by default.
    ///   - port: the port, 0 for any free one.
    ///   - tls: serve TLS with this certificate and key.
    ///   - shared: a ``MockZuora`` to use instead of a new one, so several servers (one per
    ///     loopback address) can act as one tenant and be counted together.
    public static func start(configuration: MockConfiguration, host: String = "127.0.0.1", port: Int = 0,
        tls: MockTLS? = nil, shared: MockZuora? = nil) async throws -> MockZuoraServer
    {
        let zuora = shared ?? MockZuora(configuration: configuration)
        var sslContext: NIOSSLContext?
        if let tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificatePath).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tls.keyPath, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            if let maximum = tls.maximumVersion {
                configuration.maximumTLSVersion = maximum
                configuration.minimumTLSVersion = .tlsv1
            }
            sslContext = try NIOSSLContext(configuration: configuration)
        }
        let context = sslContext
        let registry = Registry()
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(ChannelOptions.backlog, value: 256)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { child in
                    registry.add(child)
                    return child.eventLoop.makeCompletedFuture {
                        if let context {
                            try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                        }
                        // Header validation is off so faults can send the hostile headers real proxies send.
                        try child.pipeline.syncOperations.configureHTTPServerPipeline(
                            withErrorHandling: true, withOutboundHeaderValidation: false)
                        try child.pipeline.syncOperations.addHandler(MockHTTPHandler(zuora: zuora))
                    }
                }
                .bind(host: host, port: port)
                .get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw MockServerError.portInUse(host: host, port: port)
        }
        guard let boundPort = channel.localAddress?.port else {
            try await channel.close()
            throw MockServerError.noPort
        }
        return MockZuoraServer(zuora: zuora, host: host, port: boundPort, usesTLS: tls != nil, channel: channel,
            registry: registry)
    }

    /// Stops listening and closes every open connection, including ones waiting for an
    /// answer that never comes.
    public func shutdown() async {
        try? await channel.close()
        let open = registry.channels.withLock { Array($0.values) }
        for connection in open {
            try? await connection.close()
        }
    }

    /// Waits until the server is closed by ``shutdown()``.
    public func waitUntilClosed() async {
        try? await channel.closeFuture.get()
    }

    /// Open client connections, so shutdown can close those a fault left hanging.
    private final class Registry: Sendable {
        let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

        func add(_ channel: any Channel) {
            let id = ObjectIdentifier(channel)
            channels.withLock { $0[id] = channel }
            channel.closeFuture.whenComplete { _ in
                self.channels.withLock { _ = $0.removeValue(forKey: id) }
            }
        }
    }
}

/// Why the mock server could not start.
public enum MockServerError: Error, CustomStringConvertible {
    /// The socket was bound but reports no port.
    case noPort
    /// Something else listens on the port already.
    case portInUse(host: String, port: Int)

    public var description: String {
        switch self {
        case .noPort: "the mock server's socket has no port"
        case .portInUse(let host, let port): "port \(port) on \(host) is in use"
        }
    }
}
