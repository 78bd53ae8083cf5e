// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Builds the sync server: routes, middleware and store, ready to run or to test.
///
/// The CLI and the tests call the same builder; tests pass a temp-file store and a controllable
/// clock. `onRunning` receives the bound port (useful with port 0; 0 on a Unix domain socket).
/// With `tls` the server speaks only https (HummingbirdTLS over NIOSSL); without it, plain http
/// for loopback, a Unix domain socket or a TLS proxy.
///
/// ```swift
/// let app = buildApplication(configuration: .init(port: 0), store: store, logger: logger)
/// try await app.runService()
/// ```
public func buildApplication(
    configuration: ServerConfiguration, store: any LogStore, logger: Logger, metrics: ServerMetrics = ServerMetrics(),
    tls: ServerTLS? = nil, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let routes = buildRoutes(configuration: configuration, store: store, metrics: metrics)
    let http1 = HTTP1Channel.Configuration(idleTimeout: configuration.idleTimeout.map { TimeAmount($0) })
    let inPlace = store.readsInPlace ? routes.inPlace : nil
    var app = Application(
        router: routes.router,
        server: tls?.serverBuilder(http1, inPlace: inPlace) ?? SyncHTTP1Channel.builder(http1, inPlace: inPlace),
        configuration: .init(
            address: configuration.unixSocket.map { .unixDomainSocket(path: $0) }
                ?? .hostname(configuration.host, port: configuration.port),
            serverName: serverName,
            availableConnectionsDelegate: configuration.maxConnections.map {
                ConnectionGate(limit: $0, counts: metrics.connections, logger: logger)
            }),
        onServerRunning: { channel in
            await onRunning(configuration.unixSocket == nil ? channel.localAddress?.port ?? configuration.port : 0)
        },
        logger: logger)
    app.beforeServerStarts { try await store.migrate() }
    return app
}

/// The `Server` header of every answer.
let serverName = "crm-server"

/// The router alone, for tests that do not need a running server.
public func buildRouter(
    configuration: ServerConfiguration, store: any LogStore, metrics: ServerMetrics = ServerMetrics()
) -> Router<SyncRequestContext> {
    buildRoutes(configuration: configuration, store: store, metrics: metrics).router
}

/// The router, and the pulls and pushes the event loops answer in place with the same token
/// buckets, store and metrics (`InPlaceRoutes`).
func buildRoutes(configuration: ServerConfiguration, store: any LogStore, metrics: ServerMetrics) -> (
    router: Router<SyncRequestContext>, inPlace: InPlaceRoutes
) {
    let router = Router(context: SyncRequestContext.self)
    router.add(middleware: EdgeMiddleware(metrics: metrics))
    let auth = BearerAuthMiddleware(store: store, configuration: configuration)
    let limit = RateLimitMiddleware(
        limiter: TokenRateLimiter(rate: configuration.requestRate, burst: configuration.requestBurst),
        now: configuration.now)
    router.get(RouterPath(SyncAPI.healthPath)) { request, _ in
        try JSONResponder.response(["status": "ok"], request: request)
    }
    router.get("/metrics") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text(tail: store.pullTail))))
    }
    MethodNotAllowed.register(on: router, path: SyncAPI.healthPath, allowed: [.get])
    MethodNotAllowed.register(on: router, path: "/metrics", allowed: [.get])
    let inflation = InflationBudget(
        total: configuration.maxInflationInFlight, perAddress: configuration.maxInflationPerAddress)
    SessionController(store: store, configuration: configuration, inflation: inflation)
        .addRoutes(to: router, auth: auth, limit: limit)
    let changes = ChangesController(store: store, configuration: configuration, metrics: metrics, inflation: inflation)
    changes.addRoutes(to: router, auth: auth, limit: limit)
    TeamController(store: store).addRoutes(to: router, auth: auth, limit: limit)
    let dates = HTTPDate()
    let pull = InPlacePull(changes: changes, limit: limit, serverName: serverName, dates: dates)
    let push = InPlacePush(changes: changes, limit: limit, serverName: serverName, dates: dates)
    return (router, InPlaceRoutes(pull: pull, push: push))
}
