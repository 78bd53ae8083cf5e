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
                    db, sql: "SELECT last_seq, epoch, min_retained_seq, team_version FROM tenants WHERE id = ?",
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
                hasMore: nextAfter < lastSeq, minRetainedSeq: tenant["min_retained_seq"],
                teamVersion: tenant["team_version"])
        }
    }

    /// Reads `limit` rows after the cursor, then runs on to the end of the last row's tx group
    /// so a local transaction is never split across pages.
    func scan(_ db: Database, _ query: PullQuery) throws -> [StoredChange] {
        var rows = try page(db, tenantID: query.tenantID, after: query.after, limit: query.limit)
        guard rows.count == query.limit, let last = rows.last else { return rows }
        var cursor = last.seq
        while true {
            let more = try page(db, tenantID: query.tenantID, after: cursor, limit: 500)
            let sameGroup = more.prefix { $0.deviceID == last.deviceID && $0.txID == last.txID }
            rows.append(contentsOf: sameGroup)
            guard sameGroup.count == more.count, let next = more.last?.seq else { break }
            cursor = next
        }
        return rows
    }

    /// One page, read through a cursor (no row is copied) with columns by index (`changeColumns`).
    func page(_ db: Database, tenantID: String, after: Int64, limit: Int) throws -> [StoredChange] {
        let statement = try db.cachedStatement(
            sql: "SELECT \(Self.changeColumns) FROM changes WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?")
        var changes: [StoredChange] = []
        changes.reserveCapacity(min(limit, 1000))
        let rows = try Row.fetchCursor(statement, arguments: [tenantID, after, limit])
        while let row = try rows.next() { changes.append(try Self.storedChange(row)) }
        return changes
    }

    /// Role filter by entity kind, and `exclude_own` (but a device always gets its own conflicts).
    func visible(_ change: StoredChange, to query: PullQuery) -> Bool {
        guard let kind = change.kind, RoleRules.sees(query.role, kind: kind, scope: change.scope) else { return false }
        if query.excludeOwn && change.deviceID == query.deviceID && change.op != .conflict { return false }
        return true
    }

    /// The `changes` columns a stored change is read from, in the order `storedChange` reads them.
    static let changeColumns = """
        seq, change_id, device_id, device_seq, tx_id, hlc_wire, base_hlc, entity, entity_id, op, field, value, user_id,
        scope
        """

    /// A row of `changeColumns` as a stored change, its value left as stored JSON text.
    static func storedChange(_ row: Row) throws -> StoredChange {
        let opText: String = row[9]
        guard let op = WireOp(rawValue: opText) else {
            throw StoreError.invalidBatch("stored change has unknown op '\(opText)'")
        }
        return StoredChange(
            seq: row[0], changeID: row[1], deviceID: row[2], deviceSeq: row[3], txID: row[4], hlc: row[5],
            baseHLC: row[6], entity: row[7], entityID: row[8], op: op, field: row[10], valueJSON: row[11],
            userID: row[12], scope: row[13])
    }
}
