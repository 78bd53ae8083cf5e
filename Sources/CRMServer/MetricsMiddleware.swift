// crm — a terminal-first CRM. Licensed under the MIT License.

import Hummingbird

/// Times every request and counts it by method, matched route and status.
///
/// The route is the router's pattern (`/v1/changes`), never the raw path, so label values stay
/// few; Hummingbird names an unmatched path `NotFound`. Errors count with their HTTP status.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = SyncRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: Int(response.status.code), start: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500
            record(request, context, status: status, start: start)
            throw error
        }
    }

    func record(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) {
        metrics.request(
            method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: status,
            duration: ContinuousClock.now - start)
    }
}
