// crm — a terminal-first CRM. Licensed under the MIT License.

import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// Answers on the event loop the pulls and pushes `InPlaceRoutes` can answer, and passes every
/// other request on to Hummingbird's task untouched, in order.
///
/// It sits after Hummingbird's connection-state handler (`SyncHTTP1Channel`), so the idle timeout
/// and a graceful shutdown's wait see every request and answer, and before the async channel the
/// router's task reads. A request is held from its head to its end (a push's body with it, up to
/// the push's limit), then queued on its loop's `InPlaceBatch`, which takes every request read in
/// one turn of the loop together, after the reads: a pull is answered there, a push handed to the
/// store and answered when its group commit calls back. One that cannot be answered here goes on
/// as it came. HTTP/1.1 answers in request order: while a request passed on is unanswered (its
/// answer's end not yet written through here), every later one is passed on too, and parts that
/// come while a request waits for its batch or its store wait with it, the connection read no
/// further once one does.
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
        /// A pull's head, waiting for the request's end.
        case held(HTTPRequest)
        /// A push's head, its body read into `body` until the request's end.
        case collecting(HTTPRequest)
        /// A request waiting for its batch or its store; later parts wait behind it.
        case queued
        /// A request passed on, until its end.
        case passing
    }

    private let routes: InPlaceRoutes
    private let logger: Logger
    private var reading = Reading.idle
    /// The body of the push being read (kept apart from `reading`, so that appending copies
    /// nothing).
    private var body: ByteBuffer?
    /// Requests passed on whose answers have not been written in full yet.
    private var unanswered = 0
    /// Parts read while a request waited, read again once it is answered.
    private var waiting: [NIOAny] = []
    /// A read asked for while a request waited, asked for once it is answered.
    private var readHeld = false
    /// Set when the pipeline lets go of this handler (the connection closed): a batch's turn or a
    /// store's answer then leaves the context it captured alone.
    private var removed = false

    init(routes: InPlaceRoutes, logger: Logger) {
        self.routes = routes
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .queued = reading { return waiting.append(data) }
        let part = unwrapInboundIn(data)
        switch (reading, part) {
        case (.idle, .head(let head)):
            if unanswered == 0, routes.pull.mayAnswer(head) {
                reading = .held(head)
            } else if unanswered == 0, routes.push.mayAnswer(head) {
                reading = .collecting(head)
            } else {
                passOn(head, context: context)
            }
        case (.held(let head), .end):
            reading = .queued
            InPlaceBatch.current(on: context.eventLoop).add { self.answerPull(head, end: data, context: context) }
        case (.held(let head), .body):
            passOn(head, context: context)
            context.fireChannelRead(data)
        case (.collecting(let head), .body(var chunk)):
            collect(&chunk, of: head, context: context)
        case (.collecting(let head), .end):
            reading = .queued
            let pushed = body ?? context.channel.allocator.buffer(capacity: 0)
            body = nil
            InPlaceBatch.current(on: context.eventLoop).add {
                self.takePush(head, body: pushed, end: data, context: context)
            }
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

    /// Holds the connection's next read while a request waits with parts already behind it.
    ///
    /// So a client writing requests ahead of a slow push is not read without bound. Only then: a
    /// read held makes NIO take the socket out of its poll set and put it back, two system calls
    /// that a client waiting for its answer (`crm sync`, nginx) need not pay.
    func read(context: ChannelHandlerContext) {
        if case .queued = reading, !waiting.isEmpty { return readHeld = true }
        context.read()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        removed = true
        waiting = []
        body = nil
    }

    /// Adds a push's body part, or passes the push on with what was read once it is past the
    /// push's limit (the router refuses it).
    private func collect(_ chunk: inout ByteBuffer, of head: HTTPRequest, context: ChannelHandlerContext) {
        let read = body?.readableBytes ?? 0
        guard read + chunk.readableBytes <= routes.push.wireLimit else {
            passOn(head, context: context)
            if let read = body { context.fireChannelRead(wrapInboundOut(.body(read))) }
            body = nil
            context.fireChannelRead(wrapInboundOut(.body(chunk)))
            return
        }
        if body == nil {
            body = chunk
        } else {
            body?.writeBuffer(&chunk)
        }
    }

    /// Answers the queued pull (its batch's turn), or passes it on with its `end`.
    private func answerPull(_ head: HTTPRequest, end: NIOAny, context: ChannelHandlerContext) {
        guard !removed, context.channel.isActive else { return }
        finish(routes.pull.answer(head, logger: logger), head: head, body: nil, end: end, context: context)
    }

    /// Hands the queued push to the store (its batch's turn), which answers on this loop; or
    /// passes it on with its body and `end`.
    private func takePush(_ head: HTTPRequest, body: ByteBuffer, end: NIOAny, context: ChannelHandlerContext) {
        guard !removed, context.channel.isActive else { return }
        let loop = context.eventLoop
        let bound = NIOLoopBound((handler: self, context: context, end: end), eventLoop: loop)
        let taken = NIOLoopBoundBox<InPlacePush.Taken?>(nil, eventLoop: loop)
        taken.value = routes.push.take(head, body: body) { result in
            // The group's task, on any thread: back to this loop, which runs this after `take`
            // returned.
            loop.execute {
                let (handler, context, end) = bound.value
                guard let pushed = taken.value, !handler.removed, context.channel.isActive else { return }
                let answer = handler.routes.push.answer(result, of: pushed, request: head, logger: handler.logger)
                handler.finish(answer, head: head, body: body, end: end, context: context)
            }
        }
        if taken.value == nil { finish(nil, head: head, body: body, end: end, context: context) }
    }

    /// Writes `answer`, or passes the request on as it came when there is none; then reads what
    /// waited behind it.
    private func finish(
        _ answer: InPlaceAnswer?, head: HTTPRequest, body: ByteBuffer?, end: NIOAny, context: ChannelHandlerContext
    ) {
        reading = .idle
        if let answer {
            context.write(wrapOutboundOut(.head(answer.head)), promise: nil)
            context.write(wrapOutboundOut(.body(answer.body)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            if waiting.isEmpty { return readAgain(context: context) }
        } else {
            passOn(head, context: context)
            if let body { context.fireChannelRead(wrapInboundOut(.body(body))) }
            reading = .idle
            context.fireChannelRead(end)
        }
        let parts = waiting
        waiting = []
        for part in parts { channelRead(context: context, data: part) }
        // The async channel hands what it was given to the router's task at the end of a read.
        context.fireChannelReadComplete()
        readAgain(context: context)
    }

    /// Asks for the read held while a request waited, unless another one waits now.
    private func readAgain(context: ChannelHandlerContext) {
        guard readHeld else { return }
        if case .queued = reading { return }
        readHeld = false
        context.read()
    }

    private func passOn(_ head: HTTPRequest, context: ChannelHandlerContext) {
        unanswered += 1
        reading = .passing
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
