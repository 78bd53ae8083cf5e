// crm — a terminal-first CRM. Licensed under the MIT License.

import Logging
import NIOCore
import NIOPosix
import Synchronization

/// crm-server's inbound SMTP listener on swift-nio: one `SMTPServerSession` per connection,
/// complete messages handed to an `SMTPDeliveryTarget` (the mail gateway).
///
/// Written by hand (Docs/ARCHITECTURE.md): the package set has no SMTP server, and the part a
/// mail exchanger needs here (a receiving MTA's command set, no relaying, no local delivery) is a
/// small state machine. A connection that sends nothing for `idleTimeout` is answered 421 and
/// closed (RFC 5321 4.5.3.2 asks at least 5 minutes of patience, the default).
public struct SMTPServer: Sendable {
    /// How the listener is set up.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// The name the server gives in its greeting and EHLO answer.
        public var hostName: String
        public var maxMessageBytes: Int
        public var idleTimeout: TimeAmount
        /// Connections served at once; more are answered 421 and closed (RFC 5321 3.8), so a
        /// flood of sessions cannot take the descriptors the sync API needs.
        public var maxConnections: Int

        public init(
            host: String = "127.0.0.1", port: Int = 2525, hostName: String = "crm-server",
            maxMessageBytes: Int = 10 * 1024 * 1024, idleTimeout: TimeAmount = .minutes(5), maxConnections: Int = 100
        ) {
            self.maxConnections = maxConnections
            self.host = host
            self.port = port
            self.hostName = hostName
            self.maxMessageBytes = maxMessageBytes
            self.idleTimeout = idleTimeout
        }
    }

    /// The port the listener is bound to (the picked one when 0 was asked).
    public let port: Int
    private let channel: any Channel

    /// Binds the listener and starts accepting connections; returns once it is listening.
    public static func start(
        _ configuration: Configuration, target: some SMTPDeliveryTarget, logger: Logger
    ) async throws -> SMTPServer {
        let timeout = configuration.idleTimeout
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: configuration.host, port: configuration.port) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: timeout))
                    try child.pipeline.syncOperations.addHandler(SMTPIdleCloser())
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        let limits = SMTPServerSession.Limits(maxMessageBytes: configuration.maxMessageBytes)
        let hostName = configuration.hostName
        let maxConnections = configuration.maxConnections
        let active = ConnectionCount()
        let channel = server.channel
        Task {
            try? await server.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in connections {
                            let admitted = active.withLock { count in
                                guard count < maxConnections else { return false }
                                count += 1
                                return true
                            }
                            group.addTask {
                                guard admitted else { return await refuse(connection) }
                                defer { active.withLock { $0 -= 1 } }
                                let session = SMTPServerSession(hostName: hostName, limits: limits) {
                                    target.accepts(recipient: $0)
                                }
                                await serve(connection, session: session, target: target, logger: logger)
                            }
                        }
                    } catch {
                        logger.debug("smtp: listener stopped: \(error)")
                    }
                }
            }
        }
        return SMTPServer(port: channel.localAddress?.port ?? configuration.port, channel: channel)
    }

    /// Stops accepting connections.
    public func close() async {
        try? await channel.close()
    }

    /// Answers a connection over the limit 421 and closes it.
    private static func refuse(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        try? await connection.executeThenClose { _, outbound in
            try await outbound.write(
                ByteBuffer(string: SMTPReply(421, "4.3.2 too many connections; try again later").wire))
        }
    }

    /// Runs one connection's session to QUIT, a 421, an idle timeout or the client going away.
    private static func serve(
        _ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, session: SMTPServerSession,
        target: some SMTPDeliveryTarget, logger: Logger
    ) async {
        var session = session
        let peer = connection.channel.remoteAddress?.description ?? "?"
        do {
            try await connection.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: session.greeting.wire))
                var reader = SMTPLineReader()
                for try await buffer in inbound {
                    reader.append(buffer.readableBytesView)
                    while let line = reader.next(limit: session.lineLimit) {
                        switch session.line(line) {
                        case .none: continue
                        case .reply(let reply): try await outbound.write(ByteBuffer(string: reply.wire))
                        case .close(let reply):
                            try await outbound.write(ByteBuffer(string: reply.wire))
                            return
                        case .deliver(let envelope):
                            let reply = await target.deliver(envelope)
                            session.finishMessage()
                            logger.info(
                                "smtp: \(peer): \(envelope.data.count) bytes for \(envelope.recipients): \(reply)")
                            try await outbound.write(ByteBuffer(string: reply.wire))
                        }
                    }
                }
            }
        } catch {
            logger.debug("smtp: \(peer): connection ended: \(error)")
        }
    }
}

/// Answers 421 and closes a connection that stayed silent past the idle timeout.
final class SMTPIdleCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is IdleStateHandler.IdleStateEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        let reply = SMTPReply(421, "4.4.2 idle too long; closing connection").wire
        context.writeAndFlush(NIOAny(ByteBuffer(string: reply)), promise: nil)
        context.close(promise: nil)
    }
}

/// The number of connections being served.
final class ConnectionCount: Sendable {
    private let count = Mutex(0)

    func withLock<T>(_ body: (inout Int) -> T) -> T { count.withLock { body(&$0) } }
}
