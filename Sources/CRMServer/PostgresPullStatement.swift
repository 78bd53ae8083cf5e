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
        let (
            lastSeq, epoch, minRetainedSeq, teamVersion, seq, changeID, deviceID, deviceSeq, txID, hlc, baseHLC,
            entity, entityID, opText, field, value, userID, scope
        ) = try row.decode(
            (
                Int64, String, Int64, Int64, Int64?, String?, String?, Int64?, Int64?, String?, String?, String?,
                String?, String?, String?, String?, String?, String?
            ).self)
        let head = TenantHead(lastSeq: lastSeq, epoch: epoch, minRetainedSeq: minRetainedSeq, teamVersion: teamVersion)
        guard let seq, let changeID, let deviceID, let deviceSeq, let txID, let hlc, let entity, let entityID,
            let opText, let value, let userID
        else { return (head, nil) }
        guard let op = WireOp(rawValue: opText) else {
            throw StoreError.invalidBatch("stored change has unknown op '\(opText)'")
        }
        let change = StoredChange(
            seq: seq, changeID: changeID, deviceID: deviceID, deviceSeq: deviceSeq, txID: txID, hlc: hlc,
            baseHLC: baseHLC, entity: entity, entityID: entityID, op: op, field: field, valueJSON: value,
            userID: userID, scope: scope)
        return (head, change)
    }
}
