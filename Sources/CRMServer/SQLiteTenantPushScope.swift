// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import GRDB

/// The SQLite `TenantPushScope`: one push inside its savepoint of a group transaction
/// (`SQLiteGroupCommitter`), which already holds SQLite's single write lock.
///
/// Its methods are synchronous (GRDB runs them on the writer's thread), so the store calls
/// `run` below rather than the protocol's async `push`. Every statement is prepared once per
/// connection (`cachedStatement`); the reads are point lookups on primary keys, as cheap on a
/// local file as one batched query.
struct SQLiteTenantPushScope: TenantPushScope {
    let db: Database
    let tenantID: String

    /// Reads, plans and applies one push from the tenant's row `head` (`readHead`); a throw rolls
    /// the savepoint back.
    ///
    /// The plan is returned whole, so that the store can put its log rows in the tail
    /// (`TenantTail`) before the group's COMMIT.
    func run(_ batch: PushBatch, head: Head) throws -> PushPlan {
        let plan = try PushPlanner(batch: batch, state: try readState(for: batch, head: head)).plan()
        try apply(plan)
        return plan
    }

    /// The tenant's row as a push reads it: the state's head and the two revisions the store
    /// compares (`SQLiteLogStore.push`), in one read.
    struct Head {
        var lastSeq: Int64
        var epoch: String
        var authRevision: Int64
        var logRevision: Int64
    }

    /// The tenant's row; throws `StoreError.tenantNotFound` for an unknown tenant.
    func readHead() throws -> Head {
        guard
            let head = try first(
                "SELECT last_seq, epoch, auth_revision, log_revision FROM tenants WHERE id = ?", [tenant],
                { Head(lastSeq: $0.int64(0), epoch: $0.text(1), authRevision: $0.int64(2), logRevision: $0.int64(3)) })
        else { throw StoreError.tenantNotFound(tenantID) }
        return head
    }

    func readState(for batch: PushBatch) throws -> PushState {
        try readState(for: batch, head: try readHead())
    }

    private func readState(for batch: PushBatch, head: Head) throws -> PushState {
        var state = PushState(lastSeq: head.lastSeq, epoch: head.epoch)
        guard
            let device = try first(
                "SELECT user_id, last_device_seq, revoked_at FROM devices WHERE tenant_id = ? AND id = ?",
                [tenant, .text(batch.deviceID)],
                { PushState.Device(userID: $0.text(0), lastDeviceSeq: $0.int64(1), revoked: !$0.isNull(2)) })
        else { return state }
        state.device = device
        let request = PushPlanner.request(for: batch, lastDeviceSeq: device.lastDeviceSeq)
        for (deviceSeq, changeID) in zip(request.resentDeviceSeqs, request.resentChangeIDs) {
            try readResent(deviceSeq, changeID, device: batch.deviceID, into: &state)
        }
        for changeID in request.freshChangeIDs {
            let taken = try first(
                """
                SELECT 1 FROM changes WHERE tenant_id = ? AND change_id = ?
                UNION ALL SELECT 1 FROM rejected_changes WHERE tenant_id = ? AND change_id = ?
                """,
                [tenant, .text(changeID), tenant, .text(changeID)], { _ in true })
            if taken != nil { state.takenChangeIDs.insert(changeID) }
        }
        try readFields(request.fields, into: &state)
        return state
    }

    /// The device's stored change with the re-sent change's id (by `(tenant_id, change_id)`),
    /// or else the refusal at its device seq.
    private func readResent(_ deviceSeq: Int64, _ changeID: String, device: String, into state: inout PushState)
        throws
    {
        if let change = try first(
            """
            SELECT \(PullPlanner.changeColumns) FROM changes
            WHERE tenant_id = ? AND change_id = ? AND device_id = ? AND op <> 'conflict'
            """,
            [tenant, .text(changeID), .text(device)], SQLiteLogStore.storedChange)
        {
            state.stored[change.deviceSeq] = change.wireChange
        }
        if state.stored[deviceSeq] == nil,
            let refusal = try first(
                """
                SELECT content, code, message FROM rejected_changes
                WHERE tenant_id = ? AND device_id = ? AND device_seq = ?
                """,
                [tenant, .text(device), .integer(deviceSeq)],
                { PushState.EarlierRefusal(content: $0.text(0), code: $0.text(1), message: $0.text(2)) })
        {
            state.refusals[deviceSeq] = refusal
        }
    }

    private func readFields(_ query: FieldStateQuery, into state: inout PushState) throws {
        let columns = "field, value, hlc, device_id, user_id FROM field_state"
        for key in query.keys {
            let version = try first(
                "SELECT \(columns) WHERE tenant_id = ? AND entity = ? AND entity_id = ? AND field = ?",
                [tenant, .text(key.entity), .text(key.entityID), .text(key.field)], { Self.fieldVersion($0, from: 1) })
            if let version { state.fields[key] = version }
        }
        for record in query.records {
            try SQLiteDirectRead.each(
                db.cachedStatement(sql: "SELECT \(columns) WHERE tenant_id = ? AND entity = ? AND entity_id = ?"),
                [tenant, .text(record.entity), .text(record.entityID)]
            ) { row in
                let key = FieldKey(entity: record.entity, entityID: record.entityID, field: row.text(0))
                state.fields[key] = Self.fieldVersion(row, from: 1)
            }
        }
        guard query.definitions else { return }
        try SQLiteDirectRead.each(
            db.cachedStatement(sql: "SELECT entity_id, \(columns) WHERE tenant_id = ? AND entity = 'field'"), [tenant]
        ) { row in
            state.fields[FieldKey(entity: "field", entityID: row.text(0), field: row.text(1))] =
                Self.fieldVersion(row, from: 2)
        }
    }

    /// The field version in the columns `value, hlc, device_id, user_id` from `start` on.
    static func fieldVersion(_ row: SQLiteDirectRead.Columns, from start: Int32) -> FieldVersion {
        FieldVersion(
            value: JSONValue(storedText: row.text(start)) ?? .null, hlc: HLC(rawValue: row.int64(start + 1)),
            deviceID: row.text(start + 2), userID: row.optionalText(start + 3))
    }

    func apply(_ plan: PushPlan) throws {
        for insert in PushRows.inserts(of: plan, tenantID: tenantID) {
            let placeholders = Array(repeating: "?", count: insert.rows[0].count).joined(separator: ", ")
            // Looked up once for all its rows: the cache's key is the whole text, hashed each time.
            let statement = try db.cachedStatement(sql: "\(insert.head) VALUES (\(placeholders)) \(insert.tail)")
            for row in insert.rows {
                try PushStatementBinding.bind(row, to: statement)
                try statement.execute()
            }
        }
        try statement("UPDATE tenants SET last_seq = ? WHERE id = ?", [.integer(plan.lastSeq), tenant])
            .execute()
        try statement(
            "UPDATE devices SET last_device_seq = ?, last_hlc = coalesce(?, last_hlc) WHERE tenant_id = ? AND id = ?",
            [.integer(plan.acceptedThrough), .integer(plan.lastHLC), tenant, .text(plan.deviceID)]
        ).execute()
    }

    /// The scope's tenant as a bound value.
    private var tenant: PushRows.Value { .text(tenantID) }

    /// A statement prepared once per connection, `values` bound (`PushStatementBinding`).
    private func statement(_ sql: String, _ values: [PushRows.Value]) throws -> Statement {
        let statement = try db.cachedStatement(sql: sql)
        try PushStatementBinding.bind(values, to: statement)
        return statement
    }

    /// The first row of a statement prepared once per connection, read by `read`.
    private func first<T>(
        _ sql: String, _ values: [PushRows.Value], _ read: (SQLiteDirectRead.Columns) throws -> T
    ) throws -> T? {
        try SQLiteDirectRead.first(db.cachedStatement(sql: sql), values, read)
    }
}
