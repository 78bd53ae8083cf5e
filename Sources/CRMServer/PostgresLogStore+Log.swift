// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import PostgresNIO

extension PostgresLogStore {
    /// Runs the push in one READ COMMITTED transaction; returns only after COMMIT succeeded.
    public func push(_ batch: PushBatch) async throws -> PushOutcome {
        try await transaction { sql in
            try await PostgresTenantPushScope(sql: sql, tenantID: batch.tenantID).push(batch)
        }
    }

    /// Reads one page: the tenant row and the page in one statement (`PostgresPullStatement`); a
    /// page that filled up may end inside a tx group, and is read again in one REPEATABLE READ
    /// snapshot that extends it to the group's end.
    public func pull(_ query: PullQuery) async throws -> PullPage {
        let statement = PostgresPullStatement(tenantID: query.tenantID, after: query.after, limit: Int64(query.limit))
        let logger = logger
        let (head, changes) = try await client.withConnection { connection in
            var head: TenantHead?
            var changes: [StoredChange] = []
            for try await row in try await connection.execute(statement, logger: logger) {
                head = row.head
                if let change = row.change { changes.append(change) }
            }
            return (head, changes)
        }
        guard let head else { throw StoreError.tenantNotFound(query.tenantID) }
        try PullPlanner.check(query, head: head)
        guard PullPlanner.continuation(of: changes, limit: query.limit) != nil else {
            return PullPlanner.page(changes, head: head, query: query)
        }
        return try await pullInSnapshot(query)
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

    /// One page, columns decoded by position, not looked up by name.
    func page(_ sql: PostgresExecutor, tenantID: String, after: Int64, limit: Int) async throws -> [StoredChange] {
        try await sql.plainRows(
            """
            SELECT \(unescaped: PullPlanner.changeColumns) FROM changes
            WHERE tenant_id = \(tenantID) AND seq > \(after) ORDER BY seq LIMIT \(Int64(limit))
            """
        ).map(Self.storedChange)
    }

    /// A row of `PullPlanner.changeColumns` as a stored change, its value left as stored JSON text.
    static func storedChange(_ row: PostgresRow) throws -> StoredChange {
        var cells = PostgresCells(row, statement: "SELECT PullPlanner.changeColumns")
        return try storedChange(seq: try cells.next(), &cells)
    }

    /// The change columns after `seq`, read from `cells`.
    static func storedChange(seq: Int64, _ cells: inout PostgresCells) throws -> StoredChange {
        let (changeID, deviceID, deviceSeq, txID, hlc): (String, String, Int64, Int64, String) = (
            try cells.next(), try cells.next(), try cells.next(), try cells.next(), try cells.next()
        )
        let (baseHLC, entity, entityID, opText, field): (String?, String, String, String, String?) = (
            try cells.next(), try cells.next(), try cells.next(), try cells.next(), try cells.next()
        )
        let (value, userID, scope): (String, String, String?) = (try cells.next(), try cells.next(), try cells.next())
        guard let op = WireOp(rawValue: opText) else {
            throw StoreError.invalidBatch("stored change has unknown op '\(opText)'")
        }
        return StoredChange(
            seq: seq, changeID: changeID, deviceID: deviceID, deviceSeq: deviceSeq, txID: txID, hlc: hlc,
            baseHLC: baseHLC, entity: entity, entityID: entityID, op: op, field: field, valueJSON: value,
            userID: userID, scope: scope)
    }
}
