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
/// expired at `now`); the store still asks `isLive` before it answers with the page. With a part
/// of the page held in the instance's tail (`PostgresTailPart`, found by the tenant the token was
/// last seen with), it reads only the rows past the held ones.
struct PostgresSessionPullStatement: PostgresPreparedStatement {
    /// The name it is prepared under on each connection (see `PostgresPullStatement.name`).
    static let name = "crm_session_pull"

    static let sql = """
        SELECT \(PostgresSessionStatement.columns),
            l.live, t.last_seq, t.epoch, t.min_retained_seq, t.team_version, t.log_revision,
            CASE WHEN l.live THEN (SELECT array_agg(p) FROM (
                SELECT \(PullPlanner.changeColumns) FROM changes
                WHERE tenant_id = s.tenant_id AND seq > k.after ORDER BY seq LIMIT k.lim) p) END
        FROM sessions s
        LEFT JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
        LEFT JOIN tenants t ON t.id = s.tenant_id
        CROSS JOIN LATERAL (
            SELECT s.revoked_at IS NULL AND u.disabled_at IS NULL AND s.expires_at > $4 AS live) l
        \(PostgresTailPart.sql(tenant: "s.tenant_id", first: 5, cursor: "$2", limit: "$3"))
        WHERE s.token_sha256 = $1
        """

    /// The session (nil for a role this build does not know), and for a live one its tenant's
    /// row, log revision and rows read (past the tail's part when it was used); `page` is nil when
    /// the statement did not read it.
    typealias Row = (session: SessionRecord?, head: TenantHead?, revision: Int64, page: [StoredChange]?)

    var tokenHash: String
    var after: Int64
    var limit: Int64
    var now: Int64
    var part: PostgresTailPart?

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 8)
        bindings.append(tokenHash)
        bindings.append(after)
        bindings.append(limit)
        bindings.append(now)
        PostgresTailPart.append(part, after: after, limit: limit, to: &bindings)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        var cells = PostgresCells(row, statement: "PostgresSessionPullStatement")
        let session = try PostgresSessionStatement.session(&cells)
        let live: Bool = try cells.next()
        let lastSeq: Int64? = try cells.next()
        let (epoch, minRetainedSeq, teamVersion, revision): (String?, Int64?, Int64?, Int64?) = (
            try cells.next(), try cells.next(), try cells.next(), try cells.next()
        )
        let cell = try cells.nextCell()
        guard live, let lastSeq, let epoch, let minRetainedSeq, let teamVersion, let revision else {
            return (session, nil, 0, nil)
        }
        let head = TenantHead(
            lastSeq: lastSeq, epoch: epoch, minRetainedSeq: minRetainedSeq, teamVersion: teamVersion)
        return (
            session, head, revision,
            try PostgresPullStatement.changes(
                in: cell, capacity: Int(limit), statement: "PostgresSessionPullStatement")
        )
    }
}
