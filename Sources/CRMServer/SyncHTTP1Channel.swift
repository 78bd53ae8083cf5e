// crm — a terminal-first CRM. Licensed under the MIT License.

import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// `crm-server`'s HTTP/1.1 connection: Hummingbird's `HTTP1Channel`, with the pulls and pushes a
/// store on the server's own threads can answer taken on the event loop before the router's task
/// (`InPlaceRequestHandler`).
///
/// The pipeline is `HTTP1Channel`'s own, handler for handler and in its order: its
/// `additionalChannelHandlers` would go before the connection-state handler, which must see the
/// in-place answers too (for the idle timeout and a graceful shutdown), so the one handler more
/// is added here after it. Everything else, the router's requests included, is Hummingbird's.
struct SyncHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let configuration: HTTP1Channel.Configuration
    /// The requests answered in place, or nil for none (a store that answers over the network).
    let inPlace: InPlaceRoutes?

    /// The builder `Application` takes: this channel over plain TCP or a Unix domain socket.
    static func builder(_ configuration: HTTP1Channel.Configuration, inPlace: InPlaceRoutes?) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            SyncHTTP1Channel(responder: responder, configuration: configuration, inPlace: inPlace)
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = configuration.httpDecoder.maxHeaderFieldSize
            limits.maxHeaderListSize = configuration.httpDecoder.maxHeaderListSize
            limits.maxHeaderFieldCount = configuration.httpDecoder.maxHeaderFieldCount
            let pipeline = channel.pipeline.syncOperations
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandlers(configuration.additionalChannelHandlers())
            try pipeline.addHandler(
                HTTPConnectionStateHandler(idleTimeout: configuration.idleTimeout.map { .init($0) }, logger: logger))
            if let inPlace { try pipeline.addHandler(InPlaceRequestHandler(routes: inPlace, logger: logger)) }
            return try NIOAsyncChannel(
                wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}
