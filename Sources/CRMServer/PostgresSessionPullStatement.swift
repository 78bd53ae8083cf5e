// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import PostgresNIO

/// An authenticated pull in one prepared statement: the session behind the token, its tenant's
/// row and, only when the session is live, the first page (`LogStore.sessionPull`).
///
/// A pull was two round trips, the session (`PostgresSessionStatement`) and then the page
/// (`PostgresPullStatement`); each costs the instance a message exchange through PostgresNIO
/// (reading and writing messages were about a fifth of an instance's CPU once the page came as
/// one array) and PostgreSQL a wake-up (Docs/BENCHMARKS.md, 2026-12-05, fifth session).
///
/// The page is read from the session's own tenant only, and only when the statement finds the
/// session live by the same rule as `SessionRecord.isLive` (not revoked, user not disabled, not
/// expired at `now`); the store still asks `isLive` before it answers with the page.
struct PostgresSessionPullStatement: PostgresPreparedStatement {
    /// The name it is prepared under on each connection (see `PostgresPullStatement.name`).
    static let name = "crm_session_pull"

    static let sql = """
        SELECT \(PostgresSessionStatement.columns),
            l.live, t.last_seq, t.epoch, t.min_retained_seq, t.team_version,
            CASE WHEN l.live THEN (SELECT array_agg(p) FROM (
                SELECT \(PullPlanner.changeColumns) FROM changes
                WHERE tenant_id = s.tenant_id AND seq > $2 ORDER BY seq LIMIT $3) p) END
        FROM sessions s
        LEFT JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
        LEFT JOIN tenants t ON t.id = s.tenant_id
        CROSS JOIN LATERAL (
            SELECT s.revoked_at IS NULL AND u.disabled_at IS NULL AND s.expires_at > $4 AS live) l
        WHERE s.token_sha256 = $1
        """

    /// The session (nil for a role this build does not know), and for a live one its tenant's
    /// row and page; `page` is nil when the statement did not read it.
    typealias Row = (session: SessionRecord?, head: TenantHead?, page: [StoredChange]?)

    var tokenHash: String
    var after: Int64
    var limit: Int64
    var now: Int64

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(tokenHash)
        bindings.append(after)
        bindings.append(limit)
        bindings.append(now)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        var cells = PostgresCells(row, statement: "PostgresSessionPullStatement")
        let session = try PostgresSessionStatement.session(&cells)
        let live: Bool = try cells.next()
        let lastSeq: Int64? = try cells.next()
        let (epoch, minRetainedSeq, teamVersion): (String?, Int64?, Int64?) = (
            try cells.next(), try cells.next(), try cells.next()
        )
        let cell = try cells.nextCell()
        guard live, let lastSeq, let epoch, let minRetainedSeq, let teamVersion else { return (session, nil, nil) }
        let head = TenantHead(
            lastSeq: lastSeq, epoch: epoch, minRetainedSeq: minRetainedSeq, teamVersion: teamVersion)
        return (
            session, head,
            try PostgresPullStatement.changes(
                in: cell, capacity: Int(limit), statement: "PostgresSessionPullStatement")
        )
    }
}
