// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import PostgresNIO

/// The PostgreSQL `TenantPushScope`: one push inside one READ COMMITTED transaction.
///
/// The first statement takes the tenant's row lock (`UPDATE … RETURNING`), so concurrent pushes of
/// one tenant, from any server instance, serialise: each reads the committed `last_seq`, and seqs
/// become visible in order. The device row is read and locked in the same statement, after the
/// tenant's lock, so it is what the push before this one committed. Whatever the batch size, a
/// push costs four round trips inside BEGIN and COMMIT: lock with device, the resent changes
/// (only for a re-sent batch), one query for the taken change ids and the registers (lists bound
/// as arrays), and one prepared statement writing the plan (`PostgresWriteStatement`). Each round trip costs
/// both PostgreSQL and the instance CPU (Docs/BENCHMARKS.md, 2026-12-05).
///
/// A push admitted with a session (`PushBatch.session`, perhaps kept in memory) reads it again
/// under the lock: a revocation that committed before is seen, and one after waits for the lock,
/// since its trigger writes the tenant's row (migration 6).
struct PostgresTenantPushScope: TenantPushScope {
    let sql: PostgresExecutor
    let tenantID: String
    /// The instance's kept sessions, brought up to date by the session read here.
    let sessions: SessionCache

    func readState(for batch: PushBatch) async throws -> PushState {
        var locked = try await lockWithDevice(batch.deviceID)
        if locked == nil { locked = try await lockThenDevice(batch.deviceID) }
        guard var state = locked else { throw StoreError.tenantNotFound(tenantID) }
        if let admitted = batch.session { try await confirm(admitted, for: batch) }
        guard let lastDeviceSeq = state.device?.lastDeviceSeq else { return state }
        let request = PushPlanner.request(for: batch, lastDeviceSeq: lastDeviceSeq)
        if !request.resentDeviceSeqs.isEmpty {
            try await readResent(request, device: batch.deviceID, into: &state)
        }
        if !request.freshChangeIDs.isEmpty || !request.fields.isEmpty {
            try await readFresh(request.freshChangeIDs, request.fields, into: &state)
        }
        return state
    }

    /// The tenant's lock and the device's row in one statement (`PostgresLockStatement`), or nil
    /// when either row is missing.
    private func lockWithDevice(_ deviceID: String) async throws -> PushState? {
        var state: PushState?
        for try await row in try await sql.connection.execute(
            PostgresLockStatement(tenantID: tenantID, deviceID: deviceID), logger: sql.logger)
        {
            state = row
        }
        return state
    }

    /// The lock, then the device in a statement of its own: tells an unknown tenant (nil) from an
    /// unknown device (no `device`, which the planner refuses).
    private func lockThenDevice(_ deviceID: String) async throws -> PushState? {
        guard
            let tenant = try await sql.row(
                "UPDATE tenants SET last_seq = last_seq WHERE id = \(tenantID) RETURNING last_seq, epoch")
        else { return nil }
        var state = PushState(lastSeq: try tenant.value("last_seq"), epoch: try tenant.value("epoch"))
        let device = try await sql.row(
            """
            SELECT user_id, last_device_seq, revoked_at FROM devices
            WHERE tenant_id = \(tenantID) AND id = \(deviceID)
            """)
        state.device = try device.map(Self.device)
        return state
    }

    private static func device(_ row: PostgresRandomAccessRow) throws -> PushState.Device {
        PushState.Device(
            userID: try row.value("user_id"), lastDeviceSeq: try row.value("last_device_seq"),
            revoked: try row.value("revoked_at", as: Int64?.self) != nil)
    }

    /// Throws the 401 the push's token gets now, reading its session in the push's transaction
    /// (and keeping it, or forgetting it when gone).
    private func confirm(_ admitted: SessionRecord, for batch: PushBatch) async throws {
        let session = try await sql.first(PostgresSessionStatement(tokenHash: admitted.tokenHash)) ?? nil
        if let session { sessions.keep(session) } else { sessions.forget(tokenHash: admitted.tokenHash) }
        try SessionCache.confirm(session, tokenHash: admitted.tokenHash, for: batch)
    }

    /// The device's stored changes with the re-sent changes' ids (by `(tenant_id, change_id)`), and
    /// the refusals at the re-sent device seqs.
    private func readResent(_ request: PushStateRequest, device: String, into state: inout PushState) async throws {
        let deviceSeqs = request.resentDeviceSeqs
        let stored = try await sql.plainRows(
            """
            SELECT array_agg(p) FROM (
                SELECT \(unescaped: PullPlanner.changeColumns) FROM changes
                WHERE tenant_id = \(tenantID) AND change_id = ANY(\(request.resentChangeIDs)) AND device_id = \(device)
                    AND op <> 'conflict') p
            """)
        for change in try PostgresLogStore.changes(of: stored) {
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

    /// The taken change ids and the registers the batch reads (`PostgresPushReadStatement`).
    private func readFresh(_ ids: [String], _ query: FieldStateQuery, into state: inout PushState) async throws {
        let statement = PostgresPushReadStatement(tenantID: tenantID, changeIDs: ids, query: query)
        for try await row in try await sql.connection.execute(statement, logger: sql.logger) {
            switch row {
            case .taken(let id): state.takenChangeIDs.insert(id)
            case .field(let key, let version): state.fields[key] = version
            }
        }
    }

    /// Writes the plan in one prepared statement (`PostgresWriteStatement`).
    func apply(_ plan: PushPlan) async throws {
        let statement = PostgresWriteStatement(plan: plan, tenantID: tenantID)
        _ = try await sql.connection.execute(statement, logger: sql.logger)
    }
}
