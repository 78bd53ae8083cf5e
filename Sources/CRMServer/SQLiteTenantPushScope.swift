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

    /// Reads, plans and applies one push; a throw rolls the savepoint back.
    ///
    /// The plan is returned whole, so that the store can keep its log rows (`TenantTail`) once
    /// the group committed.
    func run(_ batch: PushBatch) throws -> PushPlan {
        let plan = try PushPlanner(batch: batch, state: try readState(for: batch)).plan()
        try apply(plan)
        return plan
    }

    func readState(for batch: PushBatch) throws -> PushState {
        guard let head = try fetchRow("SELECT last_seq, epoch FROM tenants WHERE id = ?", [tenant]) else {
            throw StoreError.tenantNotFound(tenantID)
        }
        // Columns by position: by name, GRDB lowercases each name on every read.
        var state = PushState(lastSeq: head[0], epoch: head[1])
        guard
            let device = try fetchRow(
                "SELECT user_id, last_device_seq, revoked_at FROM devices WHERE tenant_id = ? AND id = ?",
                [tenant, .text(batch.deviceID)])
        else { return state }
        let lastDeviceSeq: Int64 = device[1]
        state.device = PushState.Device(
            userID: device[0], lastDeviceSeq: lastDeviceSeq, revoked: !device.hasNull(atIndex: 2))
        let request = PushPlanner.request(for: batch, lastDeviceSeq: lastDeviceSeq)
        for deviceSeq in request.resentDeviceSeqs {
            try readResent(deviceSeq, device: batch.deviceID, into: &state)
        }
        for changeID in request.freshChangeIDs {
            let taken = try fetchRow(
                """
                SELECT 1 FROM changes WHERE tenant_id = ? AND change_id = ?
                UNION ALL SELECT 1 FROM rejected_changes WHERE tenant_id = ? AND change_id = ?
                """,
                [tenant, .text(changeID), tenant, .text(changeID)])
            if taken != nil { state.takenChangeIDs.insert(changeID) }
        }
        try readFields(request.fields, into: &state)
        return state
    }

    /// The stored change, or else the refusal, at one re-sent device seq.
    private func readResent(_ deviceSeq: Int64, device: String, into state: inout PushState) throws {
        if let row = try fetchRow(
            """
            SELECT \(PullPlanner.changeColumns) FROM changes
            WHERE tenant_id = ? AND device_id = ? AND device_seq = ? AND op <> 'conflict'
            """,
            [tenant, .text(device), .integer(deviceSeq)])
        {
            state.stored[deviceSeq] = try SQLiteLogStore.storedChange(row).wireChange
        } else if let row = try fetchRow(
            """
            SELECT content, code, message FROM rejected_changes
            WHERE tenant_id = ? AND device_id = ? AND device_seq = ?
            """,
            [tenant, .text(device), .integer(deviceSeq)])
        {
            state.refusals[deviceSeq] = PushState.EarlierRefusal(
                content: row["content"], code: row["code"], message: row["message"])
        }
    }

    private func readFields(_ query: FieldStateQuery, into state: inout PushState) throws {
        let columns = "field, value, hlc, device_id, user_id FROM field_state"
        for key in query.keys {
            let row = try fetchRow(
                "SELECT \(columns) WHERE tenant_id = ? AND entity = ? AND entity_id = ? AND field = ?",
                [tenant, .text(key.entity), .text(key.entityID), .text(key.field)])
            if let row { state.fields[key] = Self.fieldVersion(row) }
        }
        for record in query.records {
            let rows = try Row.fetchAll(
                statement(
                    "SELECT \(columns) WHERE tenant_id = ? AND entity = ? AND entity_id = ?",
                    [tenant, .text(record.entity), .text(record.entityID)]))
            for row in rows {
                state.fields[
                    FieldKey(entity: record.entity, entityID: record.entityID, field: row["field"])] =
                    Self.fieldVersion(row)
            }
        }
        guard query.definitions else { return }
        let definitions = try Row.fetchAll(
            statement("SELECT entity_id, \(columns) WHERE tenant_id = ? AND entity = 'field'", [tenant]))
        for row in definitions {
            state.fields[FieldKey(entity: "field", entityID: row["entity_id"], field: row["field"])] =
                Self.fieldVersion(row)
        }
    }

    static func fieldVersion(_ row: Row) -> FieldVersion {
        FieldVersion(
            value: JSONValue(storedText: row["value"]) ?? .null, hlc: HLC(rawValue: row["hlc"]),
            deviceID: row["device_id"], userID: row["user_id"])
    }

    func apply(_ plan: PushPlan) throws {
        for insert in PushRows.inserts(of: plan, tenantID: tenantID) {
            let placeholders = Array(repeating: "?", count: insert.rows[0].count).joined(separator: ", ")
            let sql = "\(insert.head) VALUES (\(placeholders)) \(insert.tail)"
            for row in insert.rows {
                try statement(sql, row).execute()
            }
        }
        try statement("UPDATE tenants SET last_seq = ? WHERE id = ?", [.integer(plan.lastSeq), tenant])
            .execute()
        try statement(
            "UPDATE devices SET last_device_seq = ? WHERE tenant_id = ? AND id = ?",
            [.integer(plan.acceptedThrough), tenant, .text(plan.deviceID)]
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

    /// One row from a statement prepared once per connection.
    private func fetchRow(_ sql: String, _ values: [PushRows.Value]) throws -> Row? {
        try Row.fetchOne(statement(sql, values))
    }
}
