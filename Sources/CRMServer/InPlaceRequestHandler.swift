// crm — a terminal-first CRM. Licensed under the MIT License.

import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// Answers on the event loop the pulls `InPlacePull` can answer, and passes every other request
/// on to Hummingbird's task untouched, in order.
///
/// It sits after Hummingbird's connection-state handler (`SyncHTTP1Channel`), so the idle timeout
/// and a graceful shutdown's wait see every request and answer, and before the async channel the
/// router's task reads. A request is held from its head to its end (a pull has no body), then
/// queued on its loop's `InPlaceBatch`, which answers every pull read in one turn of the loop
/// together, after the reads; one that cannot be answered here goes on as it came. HTTP/1.1
/// answers in request order: while a request passed on is unanswered (its answer's end not yet
/// written through here), every later one is passed on too, and parts that come while a pull
/// waits for its batch wait with it.
///
/// Lives on the channel's event loop only, so its state needs no lock.
final class InPlaceRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Reading {
        /// Between requests.
        case idle
        /// A head this may answer, waiting for the request's end.
        case held(HTTPRequest)
        /// A pull waiting for its batch; later parts wait behind it.
        case queued
        /// A request passed on, until its end.
        case passing
    }

    private let pull: InPlacePull
    private let logger: Logger
    private var reading = Reading.idle
    /// Requests passed on whose answers have not been written in full yet.
    private var unanswered = 0
    /// Parts read while a pull waited for its batch, read again once it is answered.
    private var waiting: [NIOAny] = []
    /// Set when the pipeline lets go of this handler (the connection closed): a batch's turn then
    /// leaves the context it captured alone.
    private var removed = false

    init(pull: InPlacePull, logger: Logger) {
        self.pull = pull
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .queued = reading { return waiting.append(data) }
        let part = unwrapInboundIn(data)
        switch (reading, part) {
        case (.idle, .head(let head)):
            if unanswered == 0, pull.mayAnswer(head) {
                reading = .held(head)
            } else {
                passOn(head, context: context)
            }
        case (.held(let head), .end):
            reading = .queued
            InPlaceBatch.current(on: context.eventLoop).add { self.answer(head, end: data, context: context) }
        case (.held(let head), .body):
            passOn(head, context: context)
            context.fireChannelRead(data)
        case (.passing, .end):
            reading = .idle
            context.fireChannelRead(data)
        default:
            // A body part of a request passed on, or parts out of order, which the router refuses.
            context.fireChannelRead(data)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), unanswered > 0 { unanswered -= 1 }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        removed = true
        waiting = []
    }

    /// Answers the queued pull (its batch's turn), or passes it on with its `end`; then reads what
    /// waited behind it.
    private func answer(_ head: HTTPRequest, end: NIOAny, context: ChannelHandlerContext) {
        guard !removed, context.channel.isActive else { return }
        reading = .idle
        if let answer = pull.answer(head, logger: logger) {
            context.write(wrapOutboundOut(.head(answer.head)), promise: nil)
            context.write(wrapOutboundOut(.body(answer.body)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            if waiting.isEmpty { return }
        } else {
            passOn(head, context: context)
            reading = .idle
            context.fireChannelRead(end)
        }
        let parts = waiting
        waiting = []
        for part in parts { channelRead(context: context, data: part) }
        // The async channel hands what it was given to the router's task at the end of a read.
        context.fireChannelReadComplete()
    }

    private func passOn(_ head: HTTPRequest, context: ChannelHandlerContext) {
        unanswered += 1
        reading = .passing
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
