// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import PostgresNIO

/// The PostgreSQL `TenantPushScope`: one push inside one READ COMMITTED transaction.
///
/// The first statement takes the tenant's row lock (`UPDATE … RETURNING`), so concurrent pushes of
/// one tenant, from any server instance, serialise: each reads the committed `last_seq`, and seqs
/// become visible in order. The device row is read in a statement of its own, after the lock, so
/// it sees what the push before this one committed. Whatever the batch size, a push costs a fixed
/// number of round trips: lock, device, then one query per kind of state (lists bound as arrays),
/// then one multi-row insert per table (`PostgresValues`) and the two counter updates.
struct PostgresTenantPushScope: TenantPushScope {
    let sql: PostgresExecutor
    let tenantID: String

    func readState(for batch: PushBatch) async throws -> PushState {
        guard
            let tenant = try await sql.row(
                "UPDATE tenants SET last_seq = last_seq WHERE id = \(tenantID) RETURNING last_seq, epoch")
        else { throw StoreError.tenantNotFound(tenantID) }
        var state = PushState(lastSeq: try tenant.value("last_seq"), epoch: try tenant.value("epoch"))
        guard
            let device = try await sql.row(
                """
                SELECT user_id, last_device_seq, revoked_at FROM devices
                WHERE tenant_id = \(tenantID) AND id = \(batch.deviceID)
                """)
        else { return state }
        let lastDeviceSeq: Int64 = try device.value("last_device_seq")
        state.device = PushState.Device(
            userID: try device.value("user_id"), lastDeviceSeq: lastDeviceSeq,
            revoked: try device.value("revoked_at", as: Int64?.self) != nil)
        let request = PushPlanner.request(for: batch, lastDeviceSeq: lastDeviceSeq)
        if !request.resentDeviceSeqs.isEmpty {
            try await readResent(request.resentDeviceSeqs, device: batch.deviceID, into: &state)
        }
        if !request.freshChangeIDs.isEmpty {
            let ids = request.freshChangeIDs
            let taken = try await sql.rows(
                """
                SELECT change_id FROM changes WHERE tenant_id = \(tenantID) AND change_id = ANY(\(ids))
                UNION ALL SELECT change_id FROM rejected_changes WHERE tenant_id = \(tenantID) AND change_id = ANY(\(ids))
                """)
            state.takenChangeIDs = Set(try taken.map { try $0.value("change_id", as: String.self) })
        }
        if !request.fields.isEmpty { try await readFields(request.fields, into: &state) }
        return state
    }

    /// The stored changes and the refusals at the re-sent device seqs.
    private func readResent(_ deviceSeqs: [Int64], device: String, into state: inout PushState) async throws {
        let stored = try await sql.plainRows(
            """
            SELECT \(unescaped: PullPlanner.changeColumns) FROM changes
            WHERE tenant_id = \(tenantID) AND device_id = \(device) AND device_seq = ANY(\(deviceSeqs))
                AND op <> 'conflict'
            """)
        for row in stored {
            let change = try PostgresLogStore.storedChange(row)
            state.stored[change.deviceSeq] = change.wireChange
        }
        let refused = try await sql.rows(
            """
            SELECT device_seq, content, code, message FROM rejected_changes
            WHERE tenant_id = \(tenantID) AND device_id = \(device) AND device_seq = ANY(\(deviceSeqs))
            """)
        for row in refused {
            state.refusals[try row.value("device_seq")] = PushState.EarlierRefusal(
                content: try row.value("content"), code: try row.value("code"), message: try row.value("message"))
        }
    }

    /// The asked registers and every register of the asked records, in one query.
    private func readFields(_ query: FieldStateQuery, into state: inout PushState) async throws {
        let keys = Array(query.keys)
        let records = Array(query.records)
        let rows = try await sql.rows(
            """
            SELECT entity, entity_id, field, value, hlc, device_id, user_id FROM field_state
            WHERE tenant_id = \(tenantID) AND (entity, entity_id, field) IN (
                SELECT * FROM unnest(\(keys.map(\.entity))::text[], \(keys.map(\.entityID))::text[],
                    \(keys.map(\.field))::text[]))
            UNION ALL
            SELECT entity, entity_id, field, value, hlc, device_id, user_id FROM field_state
            WHERE tenant_id = \(tenantID) AND (entity, entity_id) IN (
                SELECT * FROM unnest(\(records.map(\.entity))::text[], \(records.map(\.entityID))::text[]))
            UNION ALL
            SELECT entity, entity_id, field, value, hlc, device_id, user_id FROM field_state
            WHERE tenant_id = \(tenantID) AND \(query.definitions) AND entity = 'field'
            """)
        for row in rows {
            let key = FieldKey(
                entity: try row.value("entity"), entityID: try row.value("entity_id"), field: try row.value("field"))
            state.fields[key] = FieldVersion(
                value: JSONValue(jsonText: try row.value("value")) ?? .null, hlc: HLC(rawValue: try row.value("hlc")),
                deviceID: try row.value("device_id"), userID: try row.value("user_id"))
        }
    }

    func apply(_ plan: PushPlan) async throws {
        for insert in PushRows.inserts(of: plan, tenantID: tenantID) {
            var values = PostgresValues()
            for row in insert.rows {
                values.row { bound in
                    for value in row {
                        switch value {
                        case .text(let text): bound.add(text)
                        case .integer(let integer): bound.add(integer)
                        }
                    }
                }
            }
            for query in values.queries(insert.head, insert.tail) { try await sql.run(query) }
        }
        try await sql.run("UPDATE tenants SET last_seq = \(plan.lastSeq) WHERE id = \(tenantID)")
        try await sql.run(
            """
            UPDATE devices SET last_device_seq = \(plan.acceptedThrough)
            WHERE tenant_id = \(tenantID) AND id = \(plan.deviceID)
            """)
    }
}
