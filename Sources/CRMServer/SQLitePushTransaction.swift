// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import GRDB

/// One push, inside its own savepoint of a group transaction (SYNC.md 3.6 steps 1–4).
///
/// Reads the tenant's `last_seq` and the device's `last_device_seq`, drops duplicates, refuses
/// gaps, merges each change against `field_state`, appends every change (winners and losers) and
/// every conflict to the log with consecutive seqs, then advances both counters. Any throw rolls
/// the whole batch back, so a batch is wholly present or wholly absent.
struct SQLitePushTransaction {
    let db: Database
    let batch: PushBatch
    var lastSeq: Int64 = 0
    var firstSeq: Int64?
    var conflicts: [WireConflict] = []
    var rejected: [RejectedChange] = []
    /// The visibility class of the change being applied (`RoleRules.scope`), stored with it and
    /// with the conflicts it causes.
    var scope: String?

    init(db: Database, batch: PushBatch) {
        self.db = db
        self.batch = batch
    }

    /// One row from a cached (prepared once per connection) statement.
    func fetchRow(_ sql: String, _ arguments: StatementArguments) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    /// Executes a cached statement.
    func execute(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    mutating func run() throws -> PushOutcome {
        let tenant = try lockTenant()
        lastSeq = tenant.lastSeq
        let lastDeviceSeq = try deviceLastSeq()
        if let epoch = batch.epoch, epoch != tenant.epoch {
            throw StoreError.epochMismatch(epoch: tenant.epoch, lastDeviceSeq: lastDeviceSeq)
        }
        let fresh = try dropDuplicates(after: lastDeviceSeq)
        try checkContiguous(fresh, after: lastDeviceSeq)
        for change in fresh {
            scope = try scope(of: change)
            if let refusal = batch.refused[change.changeID]
                ?? RoleRules.refusal(batch.role, change: change, scope: scope)
            {
                try reject(change, refusal)
            } else {
                try apply(change)
            }
        }
        let acceptedThrough = fresh.last?.deviceSeq ?? lastDeviceSeq
        try execute("UPDATE tenants SET last_seq = ? WHERE id = ?", [lastSeq, batch.tenantID])
        try execute(
            "UPDATE devices SET last_device_seq = ? WHERE tenant_id = ? AND id = ?",
            [acceptedThrough, batch.tenantID, batch.deviceID])
        return PushOutcome(
            acceptedThrough: acceptedThrough, seqFrom: firstSeq, seqTo: firstSeq == nil ? nil : lastSeq,
            conflicts: conflicts, rejected: rejected)
    }

    /// Takes the tenant row first (a no-op write), so pushes of one tenant serialise.
    func lockTenant() throws -> (lastSeq: Int64, epoch: String) {
        try execute("UPDATE tenants SET last_seq = last_seq WHERE id = ?", [batch.tenantID])
        guard
            let row = try fetchRow(
                "SELECT last_seq, epoch FROM tenants WHERE id = ?", [batch.tenantID])
        else { throw StoreError.tenantNotFound(batch.tenantID) }
        return (row["last_seq"], row["epoch"])
    }

    func deviceLastSeq() throws -> Int64 {
        let row = try fetchRow(
            "SELECT user_id, last_device_seq, revoked_at FROM devices WHERE tenant_id = ? AND id = ?",
            [batch.tenantID, batch.deviceID])
        guard let row, row["user_id"] as String == batch.userID, row["revoked_at"] as Int64? == nil else {
            throw StoreError.deviceNotAllowed(batch.deviceID)
        }
        return row["last_device_seq"]
    }

    /// Changes at or below the device's high-water mark were stored before: they must be
    /// byte-for-byte the same change, and are then skipped.
    mutating func dropDuplicates(after last: Int64) throws -> [WireChange] {
        var fresh: [WireChange] = []
        for change in batch.changes {
            if change.deviceSeq <= last {
                if let stored = try storedChange(deviceSeq: change.deviceSeq) {
                    guard stored.content == change.content else {
                        throw StoreError.changeReused(changeID: change.changeID)
                    }
                } else {
                    rejected.append(try earlierRefusal(of: change))
                }
            } else {
                let taken = try fetchRow(
                    """
                    SELECT 1 FROM changes WHERE tenant_id = ? AND change_id = ?
                    UNION ALL SELECT 1 FROM rejected_changes WHERE tenant_id = ? AND change_id = ?
                    """,
                    [batch.tenantID, change.changeID, batch.tenantID, change.changeID])
                guard taken == nil else { throw StoreError.changeReused(changeID: change.changeID) }
                fresh.append(change)
            }
        }
        return fresh
    }

    /// A resent change that was refused before: the same refusal again, so a client that lost
    /// the first answer still learns of it.
    func earlierRefusal(of change: WireChange) throws -> RejectedChange {
        let row = try fetchRow(
            """
            SELECT content, code, message FROM rejected_changes
            WHERE tenant_id = ? AND device_id = ? AND device_seq = ?
            """,
            [batch.tenantID, batch.deviceID, change.deviceSeq])
        guard let row, let stored = RejectedContent.decode(row["content"]), stored.content == change.content else {
            throw StoreError.changeReused(changeID: change.changeID)
        }
        return RejectedChange(changeID: change.changeID, code: row["code"], message: row["message"])
    }

    /// Keeps a refused change out of the log, counted against the device's sequence.
    mutating func reject(_ change: WireChange, _ refusal: RejectedChange) throws {
        try execute(
            """
            INSERT INTO rejected_changes (tenant_id, device_id, device_seq, change_id, content, code, message,
                received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                batch.tenantID, batch.deviceID, change.deviceSeq, change.changeID, RejectedContent.encode(change),
                refusal.code, refusal.message, batch.now,
            ])
        rejected.append(refusal)
    }

    /// The visibility class of `change`, reading the activity's stored `case_id` when the change
    /// itself does not name one.
    func scope(of change: WireChange) throws -> String? {
        guard change.kind == .activity else { return nil }
        let namesCase = change.op == .create || (change.op == .set && change.field == "case_id")
        let stored = namesCase ? nil : try fieldState(change, "case_id")?.value
        return RoleRules.scope(of: change, storedCaseID: stored)
    }

    func storedChange(deviceSeq: Int64) throws -> WireChange? {
        let row = try fetchRow(
            """
            SELECT \(SQLiteLogStore.changeColumns) FROM changes
            WHERE tenant_id = ? AND device_id = ? AND device_seq = ? AND op <> 'conflict'
            """,
            [batch.tenantID, batch.deviceID, deviceSeq])
        return try row.map { try SQLiteLogStore.storedChange($0).wireChange }
    }

    func checkContiguous(_ fresh: [WireChange], after last: Int64) throws {
        guard let first = fresh.first else { return }
        guard first.deviceSeq == last + 1 else {
            throw StoreError.deviceSeqGap(expected: last + 1, got: first.deviceSeq)
        }
        for (previous, next) in zip(fresh, fresh.dropFirst()) where next.deviceSeq != previous.deviceSeq + 1 {
            throw StoreError.invalidBatch(
                "device_seq must ascend by 1 within a push; \(next.deviceSeq) follows \(previous.deviceSeq)")
        }
    }
}
