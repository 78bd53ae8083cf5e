// crm — a terminal-first CRM. Licensed under the MIT License.

import Hummingbird
import Logging

/// The one middleware every route passes through: it logs the request at debug, turns its error
/// into the API's JSON error (`ErrorConversion`), and times and counts it by method, matched route
/// and status.
///
/// These were three middlewares (metrics, Hummingbird's request log, errors). They are one because
/// each layer of Hummingbird's middleware chain costs a request about five task switches, each an
/// enqueue on the event loop (NIO runs the jobs isolated to its loop, see `ConcurrencyExecutor`):
/// with three, a sync request made about 65 switches, with one about 54
/// (`scripts/bench-task-switches.sh`, Docs/BENCHMARKS.md, 2026-12-07).
///
/// The route is the router's pattern (`/v1/changes`), never the raw path, so label values stay
/// few; Hummingbird names an unmatched path `NotFound`. Errors count with the status they are
/// answered with.
struct EdgeMiddleware: RouterMiddleware {
    typealias Context = SyncRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        context.logger.debug(
            "Request",
            metadata: [
                "hb.request.path": .stringConvertible(request.uri),
                "hb.request.method": .string(request.method.rawValue),
            ])
        do {
            let response = try await next(request, context)
            record(request, context, status: Int(response.status.code), start: start)
            return response
        } catch {
            let answered = ErrorConversion.converted(error, logger: context.logger)
            let status = (answered as? any HTTPResponseError).map { Int($0.status.code) } ?? 500
            record(request, context, status: status, start: start)
            throw answered
        }
    }

    func record(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) {
        metrics.request(
            method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: status,
            duration: ContinuousClock.now - start)
    }
}
