// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Hummingbird

/// Applies the per-token request rate (`TokenRateLimiter`) to authenticated routes.
///
/// Runs after `BearerAuthMiddleware`, so the bucket is the session's (by token hash) and an
/// unauthenticated flood is answered by the cheaper 401 path instead of filling buckets.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = SyncRequestContext
    let limiter: TokenRateLimiter
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try admit(try context.requireIdentity())
        return try await next(request, context)
    }

    /// Takes one request from the session's bucket, or throws a 429.
    func admit(_ identity: SessionIdentity) throws(ServerError) {
        if let wait = limiter.take(identity.tokenHash, now: now()) {
            throw .tooManyRequests(retryAfter: wait, rate: limiter.rate)
        }
    }

    /// Whether the bucket of `tokenHash` exists and is empty now.
    ///
    /// Then the next request of an authenticated token would get a 429: the pull then checks the
    /// session alone first, as before, rather than read a page it would throw away. An unknown
    /// token has no bucket.
    func isExhausted(_ tokenHash: String) -> Bool {
        limiter.isExhausted(tokenHash, now: now())
    }
}
