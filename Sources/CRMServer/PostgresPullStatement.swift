// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import PostgresNIO

/// A pull's tenant row and first page in one prepared statement: one round trip, parsed and
/// planned once per connection.
///
/// One statement reads one snapshot, so the head and the page agree without a transaction (the
/// REPEATABLE READ transaction this replaces cost BEGIN and COMMIT round trips, and PostgreSQL
/// parsed and planned each statement again; Docs/BENCHMARKS.md, 2026-12-05). The page comes as
/// one array of rows in the tenant's one row (`PostgresRecordArray`), not a row a change: an
/// unknown tenant gives no row, a tenant with nothing after the cursor a NULL page.
///
/// With a part of the page held in the instance's tail (`PostgresTailPart`), it reads only the
/// rows past the held ones, when the tenant's log revision is still theirs. It reads the tenant's
/// auth revision too, which a pull with a kept session is checked against (`SessionCache`).
struct PostgresPullStatement: PostgresPreparedStatement {
    /// The name it is prepared under on each connection; a constant, since the protocol's
    /// default, `String(reflecting: Self.self)`, builds the type's name on every execution.
    static let name = "crm_pull_page"

    static let sql = """
        SELECT t.last_seq, t.epoch, t.min_retained_seq, t.team_version, t.log_revision, t.auth_revision,
            (SELECT array_agg(p) FROM (
                SELECT \(PullPlanner.changeColumns) FROM changes
                WHERE tenant_id = $1 AND seq > k.after ORDER BY seq LIMIT k.lim) p)
        FROM tenants t
        \(PostgresTailPart.sql(tenant: "t.id", first: 4, cursor: "$2", limit: "$3"))
        WHERE t.id = $1
        """

    /// The tenant's row, its log and auth revisions, and the rows read (past the tail's part when
    /// it was used).
    typealias Row = (head: TenantHead, revision: Int64, authRevision: Int64, changes: [StoredChange])

    var tenantID: String
    var after: Int64
    var limit: Int64
    var part: PostgresTailPart?

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(tenantID)
        bindings.append(after)
        bindings.append(limit)
        PostgresTailPart.append(part, after: after, limit: limit, to: &bindings)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        var cells = PostgresCells(row, statement: "PostgresPullStatement")
        let head = TenantHead(
            lastSeq: try cells.next(), epoch: try cells.next(), minRetainedSeq: try cells.next(),
            teamVersion: try cells.next())
        let (revision, authRevision): (Int64, Int64) = (try cells.next(), try cells.next())
        let changes = try Self.changes(in: try cells.nextCell(), capacity: Int(limit))
        return (head, revision, authRevision, changes)
    }

    /// The page's changes in `cell`, in seq order; `statement` names the query in its errors.
    static func changes(
        in cell: PostgresCell, capacity: Int, statement: String = "PostgresPullStatement"
    ) throws -> [StoredChange] {
        var page = PostgresRecordArray(cell, statement: statement)
        var changes: [StoredChange] = []
        changes.reserveCapacity(capacity)
        var ordered = true
        try page.forEachRecord { fields in
            let change = try PostgresLogStore.storedChange(&fields)
            if let last = changes.last, last.seq >= change.seq { ordered = false }
            changes.append(change)
        }
        // `array_agg` keeps the subquery's order in practice, which PostgreSQL documents as
        // usual but not promised; an ORDER BY in the aggregate sorted every page again
        // (Docs/BENCHMARKS.md, 2026-12-05, fifth session).
        if !ordered { changes.sort { $0.seq < $1.seq } }
        return changes
    }
}
