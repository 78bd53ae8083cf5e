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
    func run(_ batch: PushBatch) throws -> PushOutcome {
        let plan = try PushPlanner(batch: batch, state: try readState(for: batch)).plan()
        try apply(plan)
        return plan.outcome
    }

    func readState(for batch: PushBatch) throws -> PushState {
        guard let tenant = try fetchRow("SELECT last_seq, epoch FROM tenants WHERE id = ?", [tenantID]) else {
            throw StoreError.tenantNotFound(tenantID)
        }
        // Columns by position: by name, GRDB lowercases each name on every read.
        var state = PushState(lastSeq: tenant[0], epoch: tenant[1])
        guard
            let device = try fetchRow(
                "SELECT user_id, last_device_seq, revoked_at FROM devices WHERE tenant_id = ? AND id = ?",
                [tenantID, batch.deviceID])
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
                [tenantID, changeID, tenantID, changeID])
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
            [tenantID, device, deviceSeq])
        {
            state.stored[deviceSeq] = try SQLiteLogStore.storedChange(row).wireChange
        } else if let row = try fetchRow(
            """
            SELECT content, code, message FROM rejected_changes
            WHERE tenant_id = ? AND device_id = ? AND device_seq = ?
            """,
            [tenantID, device, deviceSeq])
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
                [tenantID, key.entity, key.entityID, key.field])
            if let row { state.fields[key] = Self.fieldVersion(row) }
        }
        for record in query.records {
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(columns) WHERE tenant_id = ? AND entity = ? AND entity_id = ?"),
                arguments: [tenantID, record.entity, record.entityID])
            for row in rows {
                state.fields[FieldKey(entity: record.entity, entityID: record.entityID, field: row["field"])] =
                    Self.fieldVersion(row)
            }
        }
        guard query.definitions else { return }
        let definitions = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT entity_id, \(columns) WHERE tenant_id = ? AND entity = 'field'"),
            arguments: [tenantID])
        for row in definitions {
            state.fields[FieldKey(entity: "field", entityID: row["entity_id"], field: row["field"])] =
                Self.fieldVersion(row)
        }
    }

    static func fieldVersion(_ row: Row) -> FieldVersion {
        FieldVersion(
            value: JSONValue(jsonText: row["value"]) ?? .null, hlc: HLC(rawValue: row["hlc"]),
            deviceID: row["device_id"], userID: row["user_id"])
    }

    func apply(_ plan: PushPlan) throws {
        for insert in PushRows.inserts(of: plan, tenantID: tenantID) {
            let placeholders = Array(repeating: "?", count: insert.rows[0].count).joined(separator: ", ")
            let statement = try db.cachedStatement(sql: "\(insert.head) VALUES (\(placeholders)) \(insert.tail)")
            for row in insert.rows {
                try statement.execute(arguments: StatementArguments(row.map(\.databaseValue)))
            }
        }
        try execute("UPDATE tenants SET last_seq = ? WHERE id = ?", [plan.lastSeq, tenantID])
        try execute(
            "UPDATE devices SET last_device_seq = ? WHERE tenant_id = ? AND id = ?",
            [plan.acceptedThrough, tenantID, plan.deviceID])
    }

    /// One row from a statement prepared once per connection.
    private func fetchRow(_ sql: String, _ arguments: StatementArguments) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    private func execute(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

extension PushRows.Value {
    /// The value as SQLite binds it.
    var databaseValue: DatabaseValue {
        switch self {
        case .text(let text): text.databaseValue
        case .integer(let integer): integer.databaseValue
        }
    }
}
