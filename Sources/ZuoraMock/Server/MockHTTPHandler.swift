import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Reads one HTTP request at a time, asks ``MockZuora`` what to do, and does it.
final class MockHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Request bodies are kept up to this size; Zuora's login has none.
    private static let bodyKeepLimit = 64 * 1024
    private static let chunkSize = 64 * 1024

    private let zuora: MockZuora
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    /// Whether a request's answer is still owed (for the mock's concurrency count).
    private var pending = false

    init(zuora: MockZuora) {
        self.zuora = zuora
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let received):
            head = received
            body = []
        case .body(var buffer):
            let room = Self.bodyKeepLimit - body.count
            if room > 0, let bytes = buffer.readBytes(length: min(room, buffer.readableBytes)) {
                body += bytes
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let recorded = RecordedRequest(
                method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: body,
                clientIP: context.channel.remoteAddress?.ipAddress ?? "unknown")
            let keepAlive = head.isKeepAlive
            let version = head.version
            // Counted as pending from here, on the loop, so a connection that closes while the
            // answer is worked out is counted out again by channelInactive.
            zuora.requestStarted()
            pending = true
            // The answer is worked out off the event loop, which every connection in the
            // process shares (the servers' and, in tests, the clients'): a fault may carry a
            // ten-megabyte message, and encoding it there held up every TLS handshake waiting
            // behind it.
            let zuora = zuora
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            NIOThreadPool.singleton.runIfActive(eventLoop: context.eventLoop) { zuora.respond(to: recorded) }
                .whenComplete { result in
                    let (handler, context) = bound.value
                    guard context.channel.isActive, case .success(let response) = result else {
                        context.close(promise: nil)
                        return
                    }
                    handler.answer(response, version: version, keepAlive: keepAlive, context: context)
                }
        }
    }

    /// Answers now, after a delay, or once enough requests are pending together.
    private func answer(_ response: MockResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        if let barrier = response.holdUntilConcurrent {
            hold(response, until: barrier, deadline: .now() + .seconds(60), version: version, keepAlive: keepAlive, context: context)
        } else if response.delayMs > 0 {
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(Int64(response.delayMs))) {
                let (handler, context) = bound.value
                handler.send(response, version: version, keepAlive: keepAlive, context: context)
            }
        } else {
            send(response, version: version, keepAlive: keepAlive, context: context)
        }
    }

    /// Re-checks every 5 ms until enough requests have been pending together (once is enough:
    /// later requests pass straight through), then answers.
    private func hold(_ response: MockResponse, until count: Int, deadline: NIODeadline, version: HTTPVersion, keepAlive: Bool,
        context: ChannelHandlerContext)
    {
        guard context.channel.isActive else { return }
        if zuora.maxConcurrentRequests >= count || .now() >= deadline {
            send(response, version: version, keepAlive: keepAlive, context: context)
            return
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .milliseconds(5)) {
            let (handler, context) = bound.value
            handler.hold(response, until: count, deadline: deadline, version: version, keepAlive: keepAlive, context: context)
        }
    }

    private func send(_ response: MockResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        if response.delivery != .never { finishPending() }
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders(response.headers)
        let bodyBytes = Array(response.body.utf8)
        switch response.delivery {
        case .never:
            return
        case .complete, .closeMidway:
            headers.replaceOrAdd(name: "Content-Length", value: String(bodyBytes.count))
        case .stream:
            headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
        }
        if !keepAlive || response.delivery == .closeMidway {
            headers.replaceOrAdd(name: "Connection", value: "close")
        }
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)

        switch response.delivery {
        case .never:
            return
        case .complete:
            if !bodyBytes.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bodyBytes)))), promise: nil)
            }
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive {
                let channel = context.channel
                done.whenComplete { _ in channel.close(promise: nil) }
            }
        case .closeMidway:
            let half = ByteBuffer(bytes: bodyBytes.prefix(bodyBytes.count / 2))
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(half)))).whenComplete { _ in
                channel.close(promise: nil)
            }
        case .stream(let total):
            streamFiller(remaining: total, context: context)
        }
    }

    /// Writes filler a chunk at a time, each only after the previous one went out, so the
    /// mock itself never holds more than one chunk however large the body.
    private func streamFiller(remaining: Int, context: ChannelHandlerContext) {
        guard remaining > 0 else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        let size = min(Self.chunkSize, remaining)
        let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: size)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk)))).whenSuccess {
            let (handler, context) = bound.value
            handler.streamFiller(remaining: remaining - size, context: context)
        }
    }

    private func finishPending() {
        if pending {
            pending = false
            zuora.requestFinished()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finishPending()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
