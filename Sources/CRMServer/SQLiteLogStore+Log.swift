// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import GRDB

extension SQLiteLogStore {
    /// Applies the push in its own savepoint of the next group transaction (`SQLiteGroupCommitter`)
    /// and returns once that transaction committed: a refused push rolls back alone.
    public func push(_ batch: PushBatch) async throws -> PushOutcome {
        try await committer.write { db in
            var transaction = SQLitePushTransaction(db: db, batch: batch)
            return try transaction.run()
        }
    }

    public func pull(_ query: PullQuery) async throws -> PullPage {
        try await writer.read { db in
            guard
                let tenant = try Row.fetchOne(
                    db, sql: "SELECT last_seq, epoch, min_retained_seq FROM tenants WHERE id = ?",
                    arguments: [query.tenantID])
            else { throw StoreError.tenantNotFound(query.tenantID) }
            let lastSeq: Int64 = tenant["last_seq"]
            guard query.after <= lastSeq else {
                throw StoreError.cursorAhead(after: query.after, lastSeq: lastSeq, epoch: tenant["epoch"])
            }
            let scanned = try scan(db, query)
            let nextAfter = scanned.last?.seq ?? query.after
            return PullPage(
                epoch: tenant["epoch"], changes: scanned.filter { visible($0, to: query) }, nextAfter: nextAfter,
                hasMore: nextAfter < lastSeq, minRetainedSeq: tenant["min_retained_seq"])
        }
    }

    /// Reads `limit` rows after the cursor, then runs on to the end of the last row's tx group
    /// so a local transaction is never split across pages.
    func scan(_ db: Database, _ query: PullQuery) throws -> [WireChange] {
        var rows = try page(db, tenantID: query.tenantID, after: query.after, limit: query.limit)
        guard rows.count == query.limit, let last = rows.last else { return rows }
        var cursor = last.seq ?? query.after
        while true {
            let more = try page(db, tenantID: query.tenantID, after: cursor, limit: 500)
            let sameGroup = more.prefix { $0.deviceID == last.deviceID && $0.txID == last.txID }
            rows.append(contentsOf: sameGroup)
            guard sameGroup.count == more.count, let next = more.last?.seq else { break }
            cursor = next
        }
        return rows
    }

    func page(_ db: Database, tenantID: String, after: Int64, limit: Int) throws -> [WireChange] {
        try Row.fetchAll(
            db,
            sql: "SELECT * FROM changes WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            arguments: [tenantID, after, limit]
        ).map(Self.wireChange)
    }

    /// Role filter by entity kind, and `exclude_own` (but a device always gets its own conflicts).
    func visible(_ change: WireChange, to query: PullQuery) -> Bool {
        guard let kind = change.kind, query.role.allows(kind) else { return false }
        if query.excludeOwn && change.deviceID == query.deviceID && change.op != .conflict { return false }
        return true
    }

    /// A log row as a pulled wire change (with `seq`, `user_id`, `device_id`).
    static func wireChange(_ row: Row) throws -> WireChange {
        guard let op = WireOp(rawValue: row["op"]) else {
            throw StoreError.invalidBatch("stored change has unknown op '\(row["op"] as String? ?? "")'")
        }
        return WireChange(
            changeID: row["change_id"], deviceSeq: row["device_seq"], txID: row["tx_id"], hlc: row["hlc_wire"],
            baseHLC: row["base_hlc"], entity: row["entity"], entityID: row["entity_id"], op: op, field: row["field"],
            value: JSONValue(jsonText: row["value"]) ?? .null, seq: row["seq"], userID: row["user_id"],
            deviceID: row["device_id"])
    }
}
