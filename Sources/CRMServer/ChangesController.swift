// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import Hummingbird
import Logging

/// `POST /v1/changes` (push) and `GET /v1/changes` (pull), both behind bearer auth.
///
/// Everything that can be checked without the database (shape, schema, role, clock, limits) is
/// checked before the store's transaction, so a refused request never touches stored data.
struct ChangesController {
    let store: any LogStore
    let configuration: ServerConfiguration
    let metrics: ServerMetrics
    /// Gzip inflation in flight (pushes count against the total only: they come with a token).
    let inflation: InflationBudget

    func addRoutes(to router: Router<SyncRequestContext>, auth: BearerAuthMiddleware, limit: RateLimitMiddleware) {
        // The push authenticates itself: the store may answer from the sessions it keeps, and
        // checks that one in the push's own transaction (`LogStore.pushSession`).
        router.post(RouterPath(SyncAPI.changesPath)) { request, context in
            try await push(request, context: context, limit: limit)
        }
        // The pull authenticates itself: the store reads the session with the page (`SessionPull`).
        router.get(RouterPath(SyncAPI.changesPath)) { request, context in
            try await pull(request, context: context, auth: auth, limit: limit)
        }
        MethodNotAllowed.register(on: router, path: SyncAPI.changesPath, allowed: [.get, .post])
    }

    /// Answers a push: 401, then 429, then the body's own refusals, as the middlewares would.
    func push(_ request: Request, context: SyncRequestContext, limit: RateLimitMiddleware) async throws -> Response {
        let hash = SessionToken.hash(try BearerAuthMiddleware.token(of: request))
        let admitted = configuration.nowMillis
        let session = try await store.pushSession(tokenHash: hash, now: admitted)
        let identity = try BearerAuthMiddleware.identity(session, tokenHash: hash, now: admitted)
        try limit.admit(identity)
        let (body, coding) = try await RequestBodyReader(configuration: configuration, budget: inflation)
            .decodePush(from: request)
        metrics.pushBody(coding)
        let batch = try self.batch(body, identity: identity, session: session)
        let outcome = try await store.push(batch)
        return try JSONResponder.response(json: committed(outcome, of: batch, logger: context.logger), request: request)
    }

    /// What the store is asked to write for a decoded push body, once its stateless checks
    /// (`PushValidator`) refused what they refuse: the router's pushes and the event loop's
    /// (`InPlacePush`) ask it here.
    func batch(_ body: PushRequest, identity: SessionIdentity, session: SessionRecord?) throws -> PushBatch {
        let now = configuration.nowMillis
        let refused = try PushValidator(configuration: configuration, identity: identity, now: now).validate(body)
        return PushBatch(
            tenantID: identity.tenantID, userID: identity.userID, deviceID: identity.deviceID, role: identity.role,
            epoch: body.epoch, changes: body.changes, now: now, refused: refused, session: session)
    }

    /// The JSON answer to a committed push, logged and counted: both ways of pushing write it here.
    func committed(_ outcome: PushOutcome, of batch: PushBatch, logger: Logger) -> ByteBuffer {
        logger.info(
            "push committed",
            metadata: [
                "tenant": "\(batch.tenantID)", "device": "\(batch.deviceID)", "changes": "\(batch.changes.count)",
                "accepted_through": "\(outcome.acceptedThrough)", "conflicts": "\(outcome.conflicts.count)",
                "rejected": "\(outcome.rejected.count)",
            ])
        if let from = outcome.seqFrom, let to = outcome.seqTo { metrics.changesPushed(Int(to - from + 1)) }
        return PushResponseWriter.write(
            PushResponse(
                acceptedThrough: outcome.acceptedThrough, seqFrom: outcome.seqFrom, seqTo: outcome.seqTo,
                serverTime: configuration.nowMillis, rejected: outcome.rejected, conflicts: outcome.conflicts))
    }

    /// Answers a pull with the session checked in the same store call as the page read.
    ///
    /// `LogStore.sessionPull` reads both; the refusals come in the order the middlewares give
    /// them: 401, then 429, then 400. The token's bucket is asked once, before the read
    /// (`RateLimitMiddleware.takeIfKnown`). A malformed query or a token out of requests is
    /// checked the middlewares' way, session first, so neither reads a page.
    func pull(_ request: Request, context: SyncRequestContext, auth: BearerAuthMiddleware, limit: RateLimitMiddleware)
        async throws -> Response
    {
        let hash = SessionToken.hash(try BearerAuthMiddleware.token(of: request))
        let parameters = request.uri.queryParameters
        let now = configuration.nowMillis
        let pull = try? self.pull(parameters, tokenHash: hash, now: now)
        // A malformed query asks no bucket here: the middlewares' way below admits it once.
        let admission = pull == nil ? nil : limit.takeIfKnown(hash)
        guard let pull, let admission, admission != .refused else {
            let identity = try await auth.identity(tokenHash: hash)
            try limit.admit(identity)
            // Parsed again only when it failed above, to throw its 400 after the 401 and the 429.
            let query = try (pull ?? self.pull(parameters, tokenHash: hash, now: now)).query(for: identity)
            let page = try await store.pull(query)
            return try respond(page, parameters: parameters, request: request)
        }
        let answer = try await store.sessionPull(pull)
        let identity = try BearerAuthMiddleware.identity(answer.session, tokenHash: hash, now: now)
        // A token without a bucket yet gets one only now that its session is known to be live.
        if admission == .unknown { try limit.admit(identity) }
        // A store answers a live session with its page; anything else is the server's bug (500).
        guard let page = answer.page else { throw ServerError.internalError() }
        return try respond(page, parameters: parameters, request: request)
    }

    /// The pull a query asks for: `after`, `limit` (capped at `maxPullLimit`) and `exclude_own`.
    func pull(_ parameters: Parameters, tokenHash: String, now: Int64) throws(ServerError) -> SessionPull.Request {
        let after = try integer(parameters["after"].map(String.init), name: "after", default: 0)
        let limit = try integer(
            parameters["limit"].map(String.init), name: "limit", default: Int64(configuration.defaultPullLimit))
        guard after >= 0, limit >= 1 else {
            throw ServerError.badRequest("bad_query", "after must be ≥ 0 and limit ≥ 1")
        }
        let excludeOwn = ["1", "true"].contains(parameters["exclude_own"].map(String.init) ?? "0")
        return SessionPull.Request(
            tokenHash: tokenHash, now: now, after: after, limit: Int(min(limit, Int64(configuration.maxPullLimit))),
            excludeOwn: excludeOwn)
    }

    /// The page as the response body, in the format the query asks for.
    func respond(_ page: PullPage, parameters: Parameters, request: Request) throws -> Response {
        try JSONResponder.response(json: body(page, format: parameters["format"].map(String.init)), request: request)
    }

    /// The page's JSON in `format` (`PullRows`), counted as pulled: the router's pulls and the
    /// event loop's (`InPlacePull`) write it here.
    func body(_ page: PullPage, format: String?) -> ByteBuffer {
        metrics.changesPulled(page.count)
        // The stored values are spliced in as text: a `PullResponse` encoded by the wire encoder,
        // byte for byte, without decoding and re-encoding every value (`PullResponseWriter`).
        let shorthand = format == PullRows.compactFormat
        return PullResponseWriter.write(
            page, serverTime: configuration.nowMillis, rows: shorthand || format == PullRows.format,
            shorthand: shorthand)
    }

    func integer(_ text: String?, name: String, default value: Int64) throws(ServerError) -> Int64 {
        guard let text else { return value }
        guard let number = Int64(text) else {
            throw .badRequest("bad_query", "query parameter \(name)='\(text)' is not an integer")
        }
        return number
    }
}
