// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import HTTPTypes
import Logging
import NIOCore

/// A push taken on the event loop that read it and answered there once its group committed,
/// without the router (`InPlaceRequestHandler`).
///
/// The pull's reason (`InPlacePull`) holds for the push too, and twice over: besides the router's
/// layers, the router's task waits for the group commit and is resumed by it, each step a job on
/// the loop. Here the loop reads the body, checks it and hands the batch to the store's group
/// commit (`LogStore.submitPush`), whose callback hops back to the loop to answer.
///
/// Only the common case is taken: a push whose session the store keeps live, its token's bucket
/// known and not empty, its body well formed and within the limits, the batch accepted by the
/// stateless checks. Anything else returns nil before anything is written or counted, and the
/// router answers it as before (401, 429, 413, 400, 422). A push the store fails (a COMMIT that
/// failed, a session ended since it was kept) goes to the router too: nothing of it was stored,
/// and the router's push of the same changes answers what the router answers. The answer's body
/// and headers are the router's (`ChangesController.committed`, `JSONResponder.encoded`).
struct InPlacePush: Sendable {
    /// The router's push and pull route, whose store, configuration and metrics these are too.
    let changes: ChangesController
    let limit: RateLimitMiddleware
    let serverName: String
    let dates: HTTPDate

    /// A push handed to the store: what its answer needs.
    struct Taken: Sendable {
        let batch: PushBatch
        let coding: ContentCoding?
        let start: ContinuousClock.Instant
    }

    /// Whether `request` may be a push this takes: `POST /v1/changes` with a token, asked on the
    /// head, before its body is read.
    func mayAnswer(_ request: HTTPRequest) -> Bool {
        InPlaceAnswer.mayTake(request, method: .post)
    }

    /// The most body bytes held for a push: past them the router refuses it (413).
    var wireLimit: Int { changes.configuration.maxBodyBytes }

    /// Hands the push to the store, which calls `stored` on another thread once the group
    /// committed or failed; or nil, and nothing is done, to leave the push to the router.
    func take(
        _ request: HTTPRequest, body: ByteBuffer,
        stored: @escaping @Sendable (Result<PushOutcome, any Error>) -> Void
    ) -> Taken? {
        let start = ContinuousClock.now
        guard let header = request.headerFields[.authorization],
            let token = BearerAuthMiddleware.bearerToken(header)
        else { return nil }
        let hash = SessionToken.hash(token)
        let admitted = changes.configuration.nowMillis
        guard let session = changes.store.keptSession(tokenHash: hash, now: admitted),
            let identity = try? BearerAuthMiddleware.identity(session, tokenHash: hash, now: admitted),
            limit.takeIfKnown(hash) == .admitted,
            let (decoded, coding) = try? RequestBodyReader(
                configuration: changes.configuration, budget: changes.inflation
            )
            .decodePush(wire: body, contentEncoding: request.headerFields[.contentEncoding]),
            let batch = try? changes.batch(decoded, identity: identity, session: session),
            changes.store.submitPush(batch, completion: stored)
        else { return nil }
        return Taken(batch: batch, coding: coding, start: start)
    }

    /// The answer to a push the store committed, or nil to leave it to the router when it failed.
    func answer(
        _ result: Result<PushOutcome, any Error>, of taken: Taken, request: HTTPRequest, logger: Logger
    ) -> InPlaceAnswer? {
        guard case .success(let outcome) = result,
            let (fields, body) = try? JSONResponder.encoded(
                json: changes.committed(outcome, of: taken.batch, logger: logger),
                acceptEncoding: request.headerFields[.acceptEncoding])
        else { return nil }
        logger.debug(
            "Request",
            metadata: ["hb.request.path": .string(request.path ?? ""), "hb.request.method": "POST", "in_place": "true"])
        changes.metrics.pushBody(taken.coding)
        changes.metrics.request(
            method: "POST", route: SyncAPI.changesPath, status: 200, duration: ContinuousClock.now - taken.start)
        return InPlaceAnswer(fields: fields, body: body, serverName: serverName, dates: dates)
    }
}
