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

    /// Takes one request from the bucket of `tokenHash` if it has one (`TokenRateLimiter.takeIfKnown`).
    func takeIfKnown(_ tokenHash: String) -> TokenRateLimiter.Admission {
        limiter.takeIfKnown(tokenHash, now: now())
    }
}
