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
                    "SELECT last_seq, epoch, min_retained_seq, team_version FROM tenants WHERE id = \(query.tenantID)")
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
                hasMore: nextAfter < lastSeq, minRetainedSeq: try tenant.value("min_retained_seq"),
                teamVersion: try tenant.value("team_version"))
        }
    }

    /// Reads `limit` rows after the cursor, then runs on to the end of the last row's tx group
    /// so a local transaction is never split across pages.
    func scan(_ sql: PostgresExecutor, _ query: PullQuery) async throws -> [StoredChange] {
        var rows = try await page(sql, tenantID: query.tenantID, after: query.after, limit: query.limit)
        guard rows.count == query.limit, let last = rows.last else { return rows }
        var cursor = last.seq
        while true {
            let more = try await page(sql, tenantID: query.tenantID, after: cursor, limit: 500)
            let sameGroup = more.prefix { $0.deviceID == last.deviceID && $0.txID == last.txID }
            rows.append(contentsOf: sameGroup)
            guard sameGroup.count == more.count, let next = more.last?.seq else { break }
            cursor = next
        }
        return rows
    }

    /// One page, columns decoded by position (`changeColumns`), not looked up by name.
    func page(_ sql: PostgresExecutor, tenantID: String, after: Int64, limit: Int) async throws -> [StoredChange] {
        try await sql.plainRows(
            """
            SELECT \(unescaped: Self.changeColumns) FROM changes
            WHERE tenant_id = \(tenantID) AND seq > \(after) ORDER BY seq LIMIT \(Int64(limit))
            """
        ).map(Self.storedChange)
    }

    /// Role filter by entity kind, and `exclude_own` (but a device always gets its own conflicts).
    func visible(_ change: StoredChange, to query: PullQuery) -> Bool {
        guard let kind = change.kind, RoleRules.sees(query.role, kind: kind, scope: change.scope) else { return false }
        if query.excludeOwn && change.deviceID == query.deviceID && change.op != .conflict { return false }
        return true
    }

    /// The `changes` columns a stored change is read from, in the order `storedChange` decodes them.
    static let changeColumns = """
        seq, change_id, device_id, device_seq, tx_id, hlc_wire, base_hlc, entity, entity_id, op, field, value, user_id,
        scope
        """

    /// A row of `changeColumns` as a stored change, its value left as stored JSON text.
    static func storedChange(_ row: PostgresRow) throws -> StoredChange {
        let (
            seq, changeID, deviceID, deviceSeq, txID, hlc, baseHLC, entity, entityID, opText, field, value, userID,
            scope
        ) =
            try row.decode(
                (
                    Int64, String, String, Int64, Int64, String, String?, String, String, String, String?, String,
                    String, String?
                ).self)
        guard let op = WireOp(rawValue: opText) else {
            throw StoreError.invalidBatch("stored change has unknown op '\(opText)'")
        }
        return StoredChange(
            seq: seq, changeID: changeID, deviceID: deviceID, deviceSeq: deviceSeq, txID: txID, hlc: hlc,
            baseHLC: baseHLC, entity: entity, entityID: entityID, op: op, field: field, valueJSON: value,
            userID: userID, scope: scope)
    }
}
