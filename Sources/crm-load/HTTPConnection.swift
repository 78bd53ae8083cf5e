// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore
import NIOHTTP1
import NIOPosix

/// One simulated client's own HTTP/1.1 keep-alive connection, one request at a time.
///
/// Raw NIO rather than AsyncHTTPClient: a pool would share connections between clients, while the
/// bench needs exactly one socket per client, and 24,000 of them must cost no thread each. All
/// connections share a small `EventLoopGroup`; a request is written on the channel's loop and the
/// answer completes a promise. A timeout closes the connection (its state is unknown after it).
final class HTTPConnection: Sendable {
    let channel: any Channel
    let host: String

    private init(channel: any Channel, host: String) {
        self.channel = channel
        self.host = host
    }

    /// Opens a connection to `host:port` on one of `group`'s loops; with a `counter`, every byte the
    /// socket writes and reads is counted (the network bench).
    static func connect(
        host: String, port: Int, group: any EventLoopGroup, timeout: TimeAmount, counter: ByteCounter? = nil
    ) async throws(LoadError) -> HTTPConnection {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let counter { try channel.pipeline.syncOperations.addHandler(CountingHandler(counter: counter)) }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        NIOHTTPClientResponseAggregator(maxContentLength: 256 << 20))
                    try channel.pipeline.syncOperations.addHandler(ResponseHandler())
                }
            }
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            return HTTPConnection(channel: channel, host: "\(host):\(port)")
        } catch {
            throw .connect("\(host):\(port): \(error)")
        }
    }

    /// Sends one request and waits for the whole answer, at most `timeout`; `extra` headers go
    /// after the usual ones (the network bench's `Accept-Encoding` and `Content-Encoding`).
    func send(
        _ method: HTTPMethod, _ uri: String, token: String?, body: ByteBuffer?, timeout: TimeAmount,
        extra: [(String, String)] = []
    ) async throws(LoadError) -> HTTPReply {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: host)
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(body.readableBytes))
        }
        for (name, value) in extra { headers.add(name: name, value: value) }
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: headers)
        let channel = self.channel
        let promise = channel.eventLoop.makePromise(of: NIOHTTPClientResponseFull.self)
        channel.eventLoop.execute {
            do {
                let handler = try channel.pipeline.syncOperations.handler(type: ResponseHandler.self)
                handler.expect(promise, timeout: timeout, channel: channel)
            } catch {
                promise.fail(LoadError.connectionClosed)
                return
            }
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil)).whenFailure { _ in
                (try? channel.pipeline.syncOperations.handler(type: ResponseHandler.self))?.fail(.connectionClosed)
            }
        }
        do {
            let full = try await promise.futureResult.get()
            return HTTPReply(
                status: Int(full.head.status.code), body: full.body ?? ByteBuffer(),
                gzipped: full.head.headers.first(name: "Content-Encoding")?.lowercased() == "gzip")
        } catch let error as LoadError {
            throw error
        } catch {
            throw .connectionClosed
        }
    }

    /// Closes the socket; waits until it is closed.
    func close() async {
        try? await channel.close()
    }
}

/// A complete answer: status and body.
struct HTTPReply: Sendable {
    var status: Int
    var body: ByteBuffer
    /// Whether the body came gzip-compressed (`Content-Encoding: gzip`).
    var gzipped = false
}

/// Completes the one outstanding request's promise with the aggregated answer, a timeout or a close.
///
/// Lives on the channel's event loop only, so its state needs no lock.
private final class ResponseHandler: ChannelInboundHandler {
    typealias InboundIn = NIOHTTPClientResponseFull

    private var pending: EventLoopPromise<NIOHTTPClientResponseFull>?
    private var timer: Scheduled<Void>?

    func expect(_ promise: EventLoopPromise<NIOHTTPClientResponseFull>, timeout: TimeAmount, channel: any Channel) {
        guard pending == nil, channel.isActive else {
            promise.fail(LoadError.connectionClosed)
            return
        }
        pending = promise
        let seconds = Double(timeout.nanoseconds) / 1e9
        timer = channel.eventLoop.scheduleTask(in: timeout) {
            (try? channel.pipeline.syncOperations.handler(type: ResponseHandler.self))?.fail(.timeout(seconds: seconds))
            channel.close(promise: nil)
        }
    }

    func fail(_ error: LoadError) {
        timer?.cancel()
        timer = nil
        pending?.fail(error)
        pending = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let response = unwrapInboundIn(data)
        timer?.cancel()
        timer = nil
        pending?.succeed(response)
        pending = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.connectionClosed)
        context.close(promise: nil)
    }
}
