// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// A pull answered on the event loop that read it, without the router (`InPlaceRequestHandler`).
///
/// Hummingbird hands every request to a Swift task, and with NIO's loops as Swift's executor
/// (`ConcurrencyExecutor`) each step of that task through the server's layers is a job enqueued
/// on the loop again: 29–55 a sync request (Docs/BENCHMARKS.md, 2026-12-07). A pull needs none of
/// them when its store can read in place (SQLite's request readers): the session, the page and
/// the answer are all work done on this thread anyway.
///
/// Only the common case is answered here: a live session's pull, its token's bucket known and not
/// empty, its query well formed. Anything else returns nil before anything is written, and the
/// router answers it as before (401, 429, 400, a store's error), so every refusal stays in one
/// place. The answer's body and headers are the router's (`ChangesController.body`,
/// `JSONResponder.encoded`), and it is counted in `/metrics` under the same labels.
struct InPlacePull: Sendable {
    /// The router's push and pull route, whose store, configuration and metrics these are too.
    let changes: ChangesController
    let limit: RateLimitMiddleware
    let serverName: String
    let dates: HTTPDate

    /// Whether `request` may be a pull this answers: `GET /v1/changes` with a token, asked on the
    /// head, before the end of the request is read.
    func mayAnswer(_ request: HTTPRequest) -> Bool {
        InPlaceAnswer.mayTake(request, method: .get)
    }

    /// The answer to the pull, or nil to leave it to the router.
    func answer(_ request: HTTPRequest, logger: Logger) -> InPlaceAnswer? {
        let start = ContinuousClock.now
        guard let header = request.headerFields[.authorization],
            let token = BearerAuthMiddleware.bearerToken(header)
        else { return nil }
        let hash = SessionToken.hash(token)
        let parameters = URI(request.path ?? "").queryParameters
        let now = changes.configuration.nowMillis
        guard let pull = try? changes.pull(parameters, tokenHash: hash, now: now),
            limit.takeIfKnown(hash) == .admitted,
            let read = try? changes.store.sessionPullInPlace(pull),
            (try? BearerAuthMiddleware.identity(read.session, tokenHash: hash, now: now)) != nil,
            let page = read.page,
            let (fields, body) = try? JSONResponder.encoded(
                json: changes.body(page, format: parameters["format"].map(String.init)),
                acceptEncoding: request.headerFields[.acceptEncoding])
        else { return nil }
        logger.debug(
            "Request",
            metadata: ["hb.request.path": .string(request.path ?? ""), "hb.request.method": "GET", "in_place": "true"])
        changes.metrics.request(
            method: "GET", route: SyncAPI.changesPath, status: 200, duration: ContinuousClock.now - start)
        return InPlaceAnswer(fields: fields, body: body, serverName: serverName, dates: dates)
    }
}
