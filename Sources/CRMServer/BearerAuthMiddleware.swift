// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Hummingbird

/// Resolves `Authorization: Bearer TOKEN` to a live session and puts its identity in the context.
///
/// Missing, unknown, expired and revoked tokens, and tokens of a disabled user, all get a 401,
/// before any handler runs. The session is read on every request, so disabling a user or
/// revoking a token takes effect at the next request. Pushes and pulls check their tokens
/// themselves, with the same refusals (`ChangesController`), so that a store may start them from
/// a session it kept and check it in their own transaction (`LogStore.pushSession`, `SessionPull`).
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = SyncRequestContext
    let store: any LogStore
    let configuration: ServerConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.identity = try await identity(tokenHash: SessionToken.hash(try Self.token(of: request)))
        return try await next(request, context)
    }

    /// The bearer token of `request`, or a 401 when it has none.
    static func token(of request: Request) throws(ServerError) -> Substring {
        guard let header = request.headers[.authorization], let token = bearerToken(header) else {
            throw .unauthorized("missing bearer token; log in with `crm sync login`")
        }
        return token
    }

    /// The identity of the session behind `hash`, read from the store now, or a 401.
    func identity(tokenHash hash: String) async throws -> SessionIdentity {
        try Self.identity(try await store.session(tokenHash: hash), tokenHash: hash, now: configuration.nowMillis)
    }

    /// The identity of `session` if it is live at `now`, or a 401 saying why not (`SessionRecord.refusal`).
    ///
    /// Shared by this middleware and the pull, which reads the session itself (`SessionPull`).
    static func identity(_ session: SessionRecord?, tokenHash hash: String, now: Int64) throws(ServerError)
        -> SessionIdentity
    {
        guard let session else {
            throw .unauthorized("unknown token; log in again with `crm sync login`")
        }
        if let refusal = session.refusal(at: now) { throw .unauthorized(refusal) }
        return SessionIdentity(
            tenantID: session.tenantID, userID: session.userID, deviceID: session.deviceID, role: session.role,
            tokenHash: hash)
    }

    /// The token of an `Authorization: Bearer TOKEN` header (scheme in any case, spaces and tabs
    /// around the token dropped), or nil for another scheme.
    ///
    /// Compared as bytes: `lowercased()` and Foundation's `trimmingCharacters` on every request
    /// cost more than the token's hash (Docs/BENCHMARKS.md, 2026-12-04 evening).
    static func bearerToken(_ header: String) -> Substring? {
        let scheme = "bearer ".utf8
        let bytes = header.utf8
        guard bytes.count >= scheme.count,
            zip(bytes, scheme).allSatisfy({ Self.asciiLowercased($0) == $1 })
        else { return nil }
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = bytes.dropFirst(scheme.count).firstIndex(where: { !blank($0) }),
            let last = bytes.lastIndex(where: { !blank($0) })
        else { return "" }
        return Substring(bytes[first...last])
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
