// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import PostgresNIO

extension PostgresLogStore {
    /// Runs the push in two statements without a transaction (`PostgresUnlockedPush`) or, when
    /// that cannot decide it, in one READ COMMITTED transaction under the tenant's lock; returns
    /// only after the write committed.
    public func push(_ batch: PushBatch) async throws -> PushOutcome {
        let unlocked = try await withSQL { sql in
            try await PostgresUnlockedPush(sql: sql, tenantID: batch.tenantID).push(batch)
        }
        if let unlocked { return unlocked }
        return try await pushLocked(batch)
    }

    /// Runs the push in one READ COMMITTED transaction under the tenant's lock
    /// (`PostgresTenantPushScope`); returns only after COMMIT succeeded.
    func pushLocked(_ batch: PushBatch) async throws -> PushOutcome {
        try await transaction { sql in
            try await PostgresTenantPushScope(sql: sql, tenantID: batch.tenantID, sessions: sessions).push(batch)
        }
    }

    /// Reads one page in a REPEATABLE READ snapshot, so the tenant row and the page agree, and
    /// extends it to the end of its last tx group.
    func pullInSnapshot(_ query: PullQuery) async throws -> PullPage {
        try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { sql in
            guard
                let tenant = try await sql.row(
                    "SELECT last_seq, epoch, min_retained_seq, team_version FROM tenants WHERE id = \(query.tenantID)")
            else { throw StoreError.tenantNotFound(query.tenantID) }
            let head = TenantHead(
                lastSeq: try tenant.value("last_seq"), epoch: try tenant.value("epoch"),
                minRetainedSeq: try tenant.value("min_retained_seq"), teamVersion: try tenant.value("team_version"))
            try PullPlanner.check(query, head: head)
            var rows = try await page(sql, tenantID: query.tenantID, after: query.after, limit: query.limit)
            var cursor = PullPlanner.continuation(of: rows, limit: query.limit)
            var reads = 0
            while let after = cursor {
                let size = PullPlanner.groupReadSize(after: reads)
                let more = try await page(sql, tenantID: query.tenantID, after: after, limit: size)
                reads += 1
                cursor = PullPlanner.extend(&rows, with: more)
            }
            return PullPlanner.page(rows, head: head, query: query)
        }
    }

    /// One page, read as one array of rows (`PostgresRecordArray`), as every read of log rows on
    /// PostgreSQL is.
    func page(_ sql: PostgresExecutor, tenantID: String, after: Int64, limit: Int) async throws -> [StoredChange] {
        try Self.changes(
            of: try await sql.plainRows(
                """
                SELECT array_agg(p) FROM (
                    SELECT \(unescaped: PullPlanner.changeColumns) FROM changes
                    WHERE tenant_id = \(tenantID) AND seq > \(after) ORDER BY seq LIMIT \(Int64(limit))) p
                """))
    }

    /// The changes of a query whose one row is `array_agg(p)` of rows of
    /// `PullPlanner.changeColumns`, in seq order.
    static func changes(of rows: [PostgresRow]) throws -> [StoredChange] {
        guard let row = rows.first else { return [] }
        let statement = "SELECT array_agg(PullPlanner.changeColumns)"
        var cells = PostgresCells(row, statement: statement)
        return try PostgresPullStatement.changes(in: try cells.nextCell(), capacity: 0, statement: statement)
    }

    /// One row of `PullPlanner.changeColumns` from an array of log rows (`PostgresRecordArray`).
    static func storedChange(_ fields: inout PostgresRecordArray.Fields) throws -> StoredChange {
        let (seq, changeID, deviceID, deviceSeq, txID) = (
            try fields.int64(), try fields.string(), try fields.string(), try fields.int64(), try fields.int64()
        )
        let (hlc, baseHLC, entity, entityID, opText) = (
            try fields.string(), try fields.optionalString(), try fields.string(), try fields.string(),
            try fields.string()
        )
        let (field, value, userID, scope) = (
            try fields.optionalString(), try fields.string(), try fields.string(), try fields.optionalString()
        )
        guard let op = WireOp(rawValue: opText) else {
            throw StoreError.invalidBatch("stored change has unknown op '\(opText)'")
        }
        return StoredChange(
            seq: seq, changeID: changeID, deviceID: deviceID, deviceSeq: deviceSeq, txID: txID, hlc: hlc,
            baseHLC: baseHLC, entity: entity, entityID: entityID, op: op, field: field, valueJSON: value,
            userID: userID, scope: scope)
    }
}
