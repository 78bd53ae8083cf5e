// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import PostgresNIO

/// One push, inside one READ COMMITTED transaction (SYNC.md 3.6 steps 1–4), as `SQLitePushTransaction`.
///
/// The first statement takes the tenant's row lock (`UPDATE … RETURNING`), so concurrent pushes of
/// one tenant, from any server instance, serialise: each reads the committed `last_seq`, and seqs
/// become visible in order. Any throw rolls the whole batch back.
struct PostgresPushTransaction {
    let sql: PostgresExecutor
    let batch: PushBatch
    var lastSeq: Int64 = 0
    var firstSeq: Int64?
    var conflicts: [WireConflict] = []
    var rejected: [RejectedChange] = []
    /// The visibility class of the change being applied (`RoleRules.scope`).
    var scope: String?

    init(sql: PostgresExecutor, batch: PushBatch) {
        self.sql = sql
        self.batch = batch
    }

    mutating func run() async throws -> PushOutcome {
        let tenant = try await lockTenant()
        lastSeq = tenant.lastSeq
        let lastDeviceSeq = try await deviceLastSeq()
        if let epoch = batch.epoch, epoch != tenant.epoch {
            throw StoreError.epochMismatch(epoch: tenant.epoch, lastDeviceSeq: lastDeviceSeq)
        }
        let fresh = try await dropDuplicates(after: lastDeviceSeq)
        try checkContiguous(fresh, after: lastDeviceSeq)
        for change in fresh {
            scope = try await scope(of: change)
            if let refusal = batch.refused[change.changeID]
                ?? RoleRules.refusal(batch.role, change: change, scope: scope)
            {
                try await reject(change, refusal)
            } else {
                try await apply(change)
            }
        }
        let acceptedThrough = fresh.last?.deviceSeq ?? lastDeviceSeq
        try await sql.run("UPDATE tenants SET last_seq = \(lastSeq) WHERE id = \(batch.tenantID)")
        try await sql.run(
            """
            UPDATE devices SET last_device_seq = \(acceptedThrough)
            WHERE tenant_id = \(batch.tenantID) AND id = \(batch.deviceID)
            """)
        return PushOutcome(
            acceptedThrough: acceptedThrough, seqFrom: firstSeq, seqTo: firstSeq == nil ? nil : lastSeq,
            conflicts: conflicts, rejected: rejected)
    }

    /// Takes the tenant row lock first (a no-op write), so pushes of one tenant serialise.
    func lockTenant() async throws -> (lastSeq: Int64, epoch: String) {
        guard
            let row = try await sql.row(
                "UPDATE tenants SET last_seq = last_seq WHERE id = \(batch.tenantID) RETURNING last_seq, epoch")
        else { throw StoreError.tenantNotFound(batch.tenantID) }
        return (try row.value("last_seq"), try row.value("epoch"))
    }

    func deviceLastSeq() async throws -> Int64 {
        let row = try await sql.row(
            """
            SELECT user_id, last_device_seq, revoked_at FROM devices
            WHERE tenant_id = \(batch.tenantID) AND id = \(batch.deviceID)
            """)
        guard let row, try row.value("user_id", as: String.self) == batch.userID,
            try row.value("revoked_at", as: Int64?.self) == nil
        else { throw StoreError.deviceNotAllowed(batch.deviceID) }
        return try row.value("last_device_seq")
    }

    /// Changes at or below the device's high-water mark were stored before: they must be
    /// the same change, and are then skipped.
    mutating func dropDuplicates(after last: Int64) async throws -> [WireChange] {
        var fresh: [WireChange] = []
        for change in batch.changes {
            if change.deviceSeq <= last {
                if let stored = try await storedChange(deviceSeq: change.deviceSeq) {
                    guard stored.content == change.content else {
                        throw StoreError.changeReused(changeID: change.changeID)
                    }
                } else {
                    rejected.append(try await earlierRefusal(of: change))
                }
            } else {
                let taken = try await sql.row(
                    """
                    SELECT 1 AS taken FROM changes WHERE tenant_id = \(batch.tenantID) AND change_id = \(change.changeID)
                    UNION ALL SELECT 1 AS taken FROM rejected_changes
                    WHERE tenant_id = \(batch.tenantID) AND change_id = \(change.changeID)
                    """)
                guard taken == nil else { throw StoreError.changeReused(changeID: change.changeID) }
                fresh.append(change)
            }
        }
        return fresh
    }

    func storedChange(deviceSeq: Int64) async throws -> WireChange? {
        let row = try await sql.plainRows(
            """
            SELECT \(unescaped: PostgresLogStore.changeColumns) FROM changes
            WHERE tenant_id = \(batch.tenantID) AND device_id = \(batch.deviceID) AND device_seq = \(deviceSeq)
                AND op <> 'conflict'
            """
        ).first
        return try row.map { try PostgresLogStore.storedChange($0).wireChange }
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
