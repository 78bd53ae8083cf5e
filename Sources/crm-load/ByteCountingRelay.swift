// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore
import NIOPosix
import Synchronization

/// Bytes that crossed a socket, each way.
final class ByteCounter: Sendable {
    private let counts = Mutex((sent: 0, received: 0))

    /// Bytes written towards the server.
    var sent: Int { counts.withLock { $0.sent } }
    /// Bytes read from the server.
    var received: Int { counts.withLock { $0.received } }
    var total: Int { counts.withLock { $0.sent + $0.received } }

    func add(sent: Int = 0, received: Int = 0) {
        counts.withLock {
            $0.sent += sent
            $0.received += received
        }
    }

    func reset() { counts.withLock { $0 = (0, 0) } }
}

/// A TCP relay on 127.0.0.1 in front of a server, counting every byte that passes each way.
///
/// The network bench counts bytes on the client's socket (`CountingHandler`) and again here,
/// between the client and the server, so the figure it reports is what the server really
/// received and sent, and the two counts must agree to the byte (a check that fails when a
/// client counts only bodies, or a request is cut short). Small volumes only: no back-pressure.
final class ByteCountingRelay: Sendable {
    let counter = ByteCounter()
    private let channel: Mutex<(any Channel)?> = Mutex(nil)

    /// The port the relay listens on, after `start`.
    var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }

    /// Listens on an ephemeral port of 127.0.0.1; each connection is relayed to `host:port`.
    func start(to host: String, port: Int, group: any EventLoopGroup) async throws(LoadError) {
        let counter = self.counter
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { inbound in
                ClientBootstrap(group: inbound.eventLoop)
                    .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                    .connect(host: host, port: port)
                    .flatMap { outbound in
                        let toServer = RelayHandler(partner: outbound) { counter.add(sent: $0) }
                        let toClient = RelayHandler(partner: inbound) { counter.add(received: $0) }
                        return inbound.pipeline.addHandler(toServer).flatMap {
                            outbound.pipeline.addHandler(toClient)
                        }
                    }
            }
        do {
            let listening = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
            channel.withLock { $0 = listening }
        } catch {
            throw .connect("relay to \(host):\(port): \(error)")
        }
    }

    func stop() async {
        let listening = channel.withLock { $0 }
        try? await listening?.close()
    }
}

/// Forwards what one side reads to the other side, counting it; closes the partner on close.
private final class RelayHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private let partner: any Channel
    private let count: @Sendable (Int) -> Void

    init(partner: any Channel, count: @escaping @Sendable (Int) -> Void) {
        self.partner = partner
        self.count = count
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        count(buffer.readableBytes)
        partner.writeAndFlush(buffer, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// The first handler of a client pipeline: counts the raw bytes the socket writes and reads.
final class CountingHandler: ChannelDuplexHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let counter: ByteCounter

    init(counter: ByteCounter) { self.counter = counter }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        counter.add(received: unwrapInboundIn(data).readableBytes)
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        counter.add(sent: unwrapOutboundIn(data).readableBytes)
        context.write(data, promise: promise)
    }
}
