// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Hummingbird

/// Resolves `Authorization: Bearer TOKEN` to a live session and puts its identity in the context.
///
/// Missing, unknown, expired and revoked tokens, and tokens of a disabled user, all get a 401,
/// before any handler runs. The session is read on every request, so disabling a user or
/// revoking a token takes effect at the next request.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = SyncRequestContext
    let store: any LogStore
    let configuration: ServerConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw ServerError.unauthorized("missing bearer token; log in with `crm sync login`")
        }
        let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        let hash = SessionToken.hash(token)
        guard let session = try await store.session(tokenHash: hash) else {
            throw ServerError.unauthorized("unknown token; log in again with `crm sync login`")
        }
        guard session.revokedAt == nil else {
            throw ServerError.unauthorized("this token was revoked; log in again with `crm sync login`")
        }
        guard session.userDisabledAt == nil else {
            throw ServerError.unauthorized("this user was disabled; ask a tenant admin to enable the account")
        }
        guard session.expiresAt > configuration.nowMillis else {
            throw ServerError.unauthorized("this token expired; log in again with `crm sync login`")
        }
        var context = context
        context.identity = SessionIdentity(
            tenantID: session.tenantID, userID: session.userID, deviceID: session.deviceID, role: session.role,
            tokenHash: hash)
        return try await next(request, context)
    }
}
