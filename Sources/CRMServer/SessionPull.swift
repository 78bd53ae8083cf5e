// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync

/// A pull authenticated by the store in the same step that reads its page.
///
/// A pull is half of all sync requests. Reading the session and then the page took SQLite two
/// request reads, each a pool checkout and a WAL snapshot (whose page cache starts cold whenever
/// anything was written since); `LogStore.sessionPull` lets a store read both in one
/// (`SQLiteLogStore`: an empty pull 20 % cheaper, Docs/BENCHMARKS.md, 2026-12-05; on PostgreSQL
/// one statement, `PostgresSessionPullStatement`, one round trip instead of two). A revoked token
/// or a disabled user is refused at its next pull: both stores trust a session they kept
/// (`SessionCache`) only at the tenant's auth revision read with the page (SQLite in the same
/// transaction, PostgreSQL in the same statement, `PostgresPullStatement`), and read it again
/// otherwise.
///
/// The page is read only for a session that is live at `now`, and only from the session's own
/// tenant: the tenant, user, device and role come from the session row (or the kept session),
/// never from the request.
public struct SessionPull: Sendable {
    /// What the caller knows before the session is read: the token's hash, the clock and the cursor.
    public struct Request: Sendable {
        public var tokenHash: String
        public var now: Int64
        public var after: Int64
        public var limit: Int
        public var excludeOwn: Bool

        public init(tokenHash: String, now: Int64, after: Int64, limit: Int, excludeOwn: Bool) {
            self.tokenHash = tokenHash
            self.now = now
            self.after = after
            self.limit = limit
            self.excludeOwn = excludeOwn
        }

        /// The pull this request makes for `session`: scoped by the session's tenant and role.
        public func query(for session: SessionRecord) -> PullQuery {
            query(tenantID: session.tenantID, userID: session.userID, deviceID: session.deviceID, role: session.role)
        }

        /// The pull this request makes for `identity`, a session the middleware already checked.
        public func query(for identity: SessionIdentity) -> PullQuery {
            query(
                tenantID: identity.tenantID, userID: identity.userID, deviceID: identity.deviceID, role: identity.role)
        }

        /// The one place a pull's query is built from a session's attributes and the cursor.
        private func query(tenantID: String, userID: String, deviceID: String, role: Role) -> PullQuery {
            PullQuery(
                tenantID: tenantID, userID: userID, deviceID: deviceID, role: role, after: after, limit: limit,
                excludeOwn: excludeOwn)
        }
    }

    /// The session behind the token, live or not, or nil for an unknown token.
    public var session: SessionRecord?
    /// The page, or nil when the session is unknown or not live at the request's `now`.
    public var page: PullPage?

    public init(session: SessionRecord?, page: PullPage?) {
        self.session = session
        self.page = page
    }
}

extension SessionRecord {
    /// Whether the token may be used at `now`: not revoked, its user not disabled, not expired.
    public func isLive(at now: Int64) -> Bool { refusal(at: now) == nil }

    /// Why the token may not be used at `now`, in words for the 401, or nil when it may.
    ///
    /// The one liveness rule: the store's `sessionPull` asks `isLive` before it reads a page, and
    /// `BearerAuthMiddleware` answers with this reason, so the two cannot drift apart.
    public func refusal(at now: Int64) -> String? {
        if revokedAt != nil { return "this token was revoked; log in again with `crm sync login`" }
        if userDisabledAt != nil { return "this user was disabled; ask a tenant admin to enable the account" }
        if expiresAt <= now { return "this token expired; log in again with `crm sync login`" }
        return nil
    }
}
