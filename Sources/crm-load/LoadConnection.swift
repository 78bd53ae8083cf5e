// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore
import NIOPosix

/// What is told of the answer to a request sent on a `LoadConnection`: its simulated client.
protocol AnswerReceiver: AnyObject {
    func received(_ result: Result<HTTPAnswer, LoadError>)
}

/// One simulated client's socket in the load loop: requests go out as prebuilt bytes, answers
/// come back through `HTTPAnswerParser`, one at a time.
///
/// Everything happens on the channel's event loop, which is also the client's: no promise, task
/// or thread hop per request (`HTTPConnection`, the verification's connection, has them). A request
/// with no answer is ended by the lane's sweep (`expire`), which closes the socket, since its state
/// is unknown after a lost answer.
final class LoadConnection {
    let channel: any Channel
    private let reader: AnswerReader

    private init(channel: any Channel, reader: AnswerReader) {
        self.channel = channel
        self.reader = reader
    }

    var isActive: Bool { channel.isActive }

    /// Opens a connection to `address` on `loop` (the caller's loop); `done` runs there.
    static func open(
        to address: SocketAddress, on loop: any EventLoop, timeout: TimeAmount,
        then done: @escaping (Result<LoadConnection, LoadError>) -> Void
    ) {
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            // A pull page of rows is a few KiB: read in one `read`, not from NIO's adaptive 2 KiB
            // up (which shrinks again after each small push answer).
            .channelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 16384))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(AnswerReader()) }
            }
        bootstrap.connect(to: address).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let channel):
                guard let reader = try? channel.pipeline.syncOperations.handler(type: AnswerReader.self) else {
                    done(.failure(.connectionClosed))
                    return
                }
                done(.success(LoadConnection(channel: channel, reader: reader)))
            case .failure(let error):
                done(.failure(.connect("\(address): \(error)")))
            }
        }
    }

    /// Writes `request` and hands its answer (or the failure) to `receiver`, later, on the loop.
    func send(_ request: ByteBuffer, to receiver: some AnswerReceiver, at now: NIODeadline) {
        guard channel.isActive, reader.expect(receiver, at: now) else {
            channel.eventLoop.assumeIsolated().execute { receiver.received(.failure(.connectionClosed)) }
            return
        }
        channel.writeAndFlush(request, promise: nil)
    }

    /// Fails the outstanding request with a timeout and closes the socket if it was sent more
    /// than `limit` before `now`.
    func expire(now: NIODeadline, limit: TimeAmount) {
        guard let sent = reader.sentAt, now - sent > limit else { return }
        reader.complete(.failure(.timeout(seconds: Double(limit.nanoseconds) / 1e9)))
        channel.close(promise: nil)
    }

    func close() {
        channel.close(promise: nil)
    }
}

/// Feeds a connection's bytes to its parser and completes the outstanding request.
///
/// Lives on the channel's event loop only, so its state needs no lock.
private final class AnswerReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var parser = HTTPAnswerParser()
    private var receiver: (any AnswerReceiver)?
    private(set) var sentAt: NIODeadline?

    /// Takes the next request's receiver; false while another request is outstanding.
    func expect(_ next: any AnswerReceiver, at now: NIODeadline) -> Bool {
        guard receiver == nil else { return false }
        receiver = next
        sentAt = now
        return true
    }

    /// Hands `result` to the receiver, if a request is outstanding.
    ///
    /// The receiver may send its next request from there. With `closing`, the channel is closed
    /// before the receiver hears of the result, so it sees the connection closed and opens
    /// another for its next request.
    func complete(_ result: Result<HTTPAnswer, LoadError>, closing context: ChannelHandlerContext? = nil) {
        guard let current = receiver else {
            context?.close(promise: nil)
            return
        }
        receiver = nil
        sentAt = nil
        context?.close(promise: nil)
        current.received(result)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard receiver != nil else {
            // Bytes nobody asked for: the connection is out of step, so it is not used again.
            context.close(promise: nil)
            return
        }
        do {
            guard let answer = try parser.feed(unwrapInboundIn(data)) else { return }
            complete(.success(answer), closing: answer.closes ? context : nil)
        } catch {
            complete(.failure(error), closing: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete(.failure(.connectionClosed))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        complete(.failure(.connectionClosed), closing: context)
    }
}
