// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import PostgresNIO

/// A pull's tenant row and first page in one prepared statement: one round trip, parsed and
/// planned once per connection.
///
/// One statement reads one snapshot, so the head and the page agree without a transaction (the
/// REPEATABLE READ transaction this replaces cost BEGIN and COMMIT round trips, and PostgreSQL
/// parsed and planned each statement again; Docs/BENCHMARKS.md, 2026-12-05). Every row repeats
/// the tenant's columns; a tenant with nothing after the cursor gives one row whose change
/// columns are NULL, an unknown tenant none.
struct PostgresPullStatement: PostgresPreparedStatement {
    /// The name it is prepared under on each connection; a constant, since the protocol's
    /// default, `String(reflecting: Self.self)`, builds the type's name on every execution.
    static let name = "crm_pull"

    static let sql = """
        SELECT t.last_seq, t.epoch, t.min_retained_seq, t.team_version, c.*
        FROM tenants t LEFT JOIN LATERAL (
            SELECT \(PullPlanner.changeColumns) FROM changes
            WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3) c ON true
        WHERE t.id = $1
        """

    typealias Row = (head: TenantHead, change: StoredChange?)

    var tenantID: String
    var after: Int64
    var limit: Int64

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(tenantID)
        bindings.append(after)
        bindings.append(limit)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        var cells = PostgresCells(row, statement: "PostgresPullStatement")
        let head = TenantHead(
            lastSeq: try cells.next(), epoch: try cells.next(), minRetainedSeq: try cells.next(),
            teamVersion: try cells.next())
        guard let seq = try cells.next(Int64?.self) else { return (head, nil) }
        return (head, try PostgresLogStore.storedChange(seq: seq, &cells))
    }
}
