import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// Explains why a server certificate was not accepted: expired, not yet valid, for another
/// host, or issued by an authority that is not trusted.
///
/// BoringSSL only says "certificate verify failed". After such a failure this opens a second
/// connection that completes the handshake *without* verification, reads the certificate,
/// and closes. No HTTP request is sent on it, so no credential ever goes to the untrusted server.
enum CertificateDiagnosis {
    /// A sentence about the certificate at `host:port` with what to do, or nil when it cannot be fetched.
    static func explain(host: String, port: Int, timeout: Duration) async -> String? {
        guard let certificate = await fetchCertificate(host: host, port: port, timeout: timeout) else { return nil }
        return explain(certificate, host: host, now: Date())
    }

    static func explain(_ certificate: NIOSSLCertificate, host: String, now: Date) -> String {
        let notAfter = Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter))
        let notBefore = Date(timeIntervalSince1970: TimeInterval(certificate.notValidBefore))
        let day = Date.ISO8601FormatStyle().year().month().day()
        if notAfter < now {
            return "the certificate expired on \(notAfter.formatted(day)). The server must renew it"
        }
        if notBefore > now {
            return "the certificate is not valid until \(notBefore.formatted(day)) (check this machine's clock)"
        }
        let names = subjectNames(certificate)
        if !names.isEmpty && !names.contains(where: { matches($0, host: host) }) {
            let shown = names.prefix(4).joined(separator: ", ")
            return "the certificate is for \(TextSanitizer.sanitize(shown, limit: 120)), not \(host). Check the host name in the URL"
        }
        let subject = certificate.subjectName.first { $0.type == .commonName }?.value ?? "?"
        let issuer = certificate.issuerName.first { $0.type == .commonName }?.value ?? "?"
        if certificate.subjectName == certificate.issuerName {
            return "the certificate is self-signed (\(TextSanitizer.sanitize(subject, limit: 80))) and not trusted. If this is a private endpoint you trust, pass the certificate with --ca-file"
        }
        return "the certificate's issuer '\(TextSanitizer.sanitize(issuer, limit: 80))' is not a trusted authority. If this is a private endpoint, pass its CA with --ca-file"
    }

    private static func subjectNames(_ certificate: NIOSSLCertificate) -> [String] {
        var names: [String] = []
        for name in certificate._subjectAlternativeNames() {
            let bytes = name.contents.withUnsafeBufferPointer { Array($0) }
            if name.nameType == .dnsName {
                names.append(String(decoding: bytes, as: UTF8.self))
            } else if name.nameType == .ipAddress && bytes.count == 4 {
                names.append(bytes.map(String.init).joined(separator: "."))
            } else if name.nameType == .ipAddress && bytes.count == 16 {
                names.append(stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":"))
            }
        }
        return names
    }

    private static func matches(_ pattern: String, host: String) -> Bool {
        let pattern = pattern.lowercased()
        let host = host.lowercased()
        if pattern == host { return true }
        if pattern.hasPrefix("*."), let dot = host.firstIndex(of: ".") {
            return host[host.index(after: dot)...] == pattern.dropFirst(2)
        }
        if host.contains(":"), let address = try? SocketAddress(ipAddress: host, port: 0),
            let other = try? SocketAddress(ipAddress: pattern, port: 0)
        {
            return address == other
        }
        return false
    }

    private static func fetchCertificate(host: String, port: Int, timeout: Duration) async -> NIOSSLCertificate? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        guard let context = try? NIOSSLContext(configuration: configuration) else { return nil }
        let serverName = ConnectionEndpoint.isLoopback(host) || host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
        let handshake = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: Void.self)
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(TimeAmount(timeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                        try channel.pipeline.syncOperations.addHandler(handler)
                        try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(promise: handshake))
                    }
                }
                .connect(host: host, port: port)
                .get()
            let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                handshake.fail(ChannelError.connectTimeout(TimeAmount(timeout)))
            }
            defer { timer.cancel() }
            try await handshake.futureResult.get()
            let certificate = try? await channel.nioSSL_peerCertificate().get()
            try? await channel.close()
            return certificate
        } catch {
            handshake.fail(error)
            return nil
        }
    }

    /// Completes a promise when TLS is up, or fails it when the channel errors or closes first.
    private final class HandshakeWatcher: ChannelInboundHandler {
        typealias InboundIn = Never
        private let promise: EventLoopPromise<Void>

        init(promise: EventLoopPromise<Void>) {
            self.promise = promise
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case TLSUserEvent.handshakeCompleted = event { promise.succeed(()) }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            promise.fail(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(ChannelError.eof)
            context.fireChannelInactive()
        }
    }
}
