// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import PostgresNIO

extension PostgresLogStore {
    /// Runs the push in one READ COMMITTED transaction; returns only after COMMIT succeeded.
    public func push(_ batch: PushBatch) async throws -> PushOutcome {
        try await transaction { sql in
            var transaction = PostgresPushTransaction(sql: sql, batch: batch)
            return try await transaction.run()
        }
    }

    /// Reads one page in a REPEATABLE READ snapshot, so the tenant row and the page agree.
    public func pull(_ query: PullQuery) async throws -> PullPage {
        try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { sql in
            guard
                let tenant = try await sql.row(
                    "SELECT last_seq, epoch, min_retained_seq FROM tenants WHERE id = \(query.tenantID)")
            else { throw StoreError.tenantNotFound(query.tenantID) }
            let lastSeq: Int64 = try tenant.value("last_seq")
            let epoch: String = try tenant.value("epoch")
            guard query.after <= lastSeq else {
                throw StoreError.cursorAhead(after: query.after, lastSeq: lastSeq, epoch: epoch)
            }
            let scanned = try await scan(sql, query)
            let nextAfter = scanned.last?.seq ?? query.after
            return PullPage(
                epoch: epoch, changes: scanned.filter { visible($0, to: query) }, nextAfter: nextAfter,
                hasMore: nextAfter < lastSeq, minRetainedSeq: try tenant.value("min_retained_seq"))
        }
    }

    /// Reads `limit` rows after the cursor, then runs on to the end of the last row's tx group
    /// so a local transaction is never split across pages.
    func scan(_ sql: PostgresExecutor, _ query: PullQuery) async throws -> [WireChange] {
        var rows = try await page(sql, tenantID: query.tenantID, after: query.after, limit: query.limit)
        guard rows.count == query.limit, let last = rows.last else { return rows }
        var cursor = last.seq ?? query.after
        while true {
            let more = try await page(sql, tenantID: query.tenantID, after: cursor, limit: 500)
            let sameGroup = more.prefix { $0.deviceID == last.deviceID && $0.txID == last.txID }
            rows.append(contentsOf: sameGroup)
            guard sameGroup.count == more.count, let next = more.last?.seq else { break }
            cursor = next
        }
        return rows
    }

    func page(_ sql: PostgresExecutor, tenantID: String, after: Int64, limit: Int) async throws -> [WireChange] {
        try await sql.rows(
            """
            SELECT \(unescaped: Self.changeColumns) FROM changes
            WHERE tenant_id = \(tenantID) AND seq > \(after) ORDER BY seq LIMIT \(Int64(limit))
            """
        ).map(Self.wireChange)
    }

    /// Role filter by entity kind, and `exclude_own` (but a device always gets its own conflicts).
    func visible(_ change: WireChange, to query: PullQuery) -> Bool {
        guard let kind = change.kind, query.role.allows(kind) else { return false }
        if query.excludeOwn && change.deviceID == query.deviceID && change.op != .conflict { return false }
        return true
    }

    /// The `changes` columns a wire change is read from.
    static let changeColumns = """
        seq, change_id, device_id, device_seq, tx_id, hlc_wire, base_hlc, entity, entity_id, op, field, value, user_id
        """

    /// A log row as a pulled wire change (with `seq`, `user_id`, `device_id`).
    static func wireChange(_ row: PostgresRandomAccessRow) throws -> WireChange {
        let opText: String = try row.value("op")
        guard let op = WireOp(rawValue: opText) else {
            throw StoreError.invalidBatch("stored change has unknown op '\(opText)'")
        }
        return WireChange(
            changeID: try row.value("change_id"), deviceSeq: try row.value("device_seq"), txID: try row.value("tx_id"),
            hlc: try row.value("hlc_wire"), baseHLC: try row.value("base_hlc"), entity: try row.value("entity"),
            entityID: try row.value("entity_id"), op: op, field: try row.value("field"),
            value: JSONValue(jsonText: try row.value("value")) ?? .null, seq: try row.value("seq"),
            userID: try row.value("user_id"), deviceID: try row.value("device_id"))
    }
}
