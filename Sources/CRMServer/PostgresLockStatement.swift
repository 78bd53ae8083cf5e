// crm — a terminal-first CRM. Licensed under the MIT License.

import PostgresNIO

/// A push's first statement, prepared once per connection.
///
/// It takes the tenant's row lock, and reads the pushing device's row after it.
///
/// The statement's snapshot may predate the push that held the lock before it; `FOR UPDATE`
/// makes PostgreSQL read the device row's newest committed version (READ COMMITTED re-checks a
/// locked row), so `last_device_seq` is what that push committed. The row lock is the one the
/// plan's write takes anyway, taken after the tenant's, so the lock order does not change. No
/// row: the tenant or the device is missing (`PostgresTenantPushScope` tells which).
struct PostgresLockStatement: PostgresPreparedStatement {
    /// The name it is prepared under on each connection; a constant, since the protocol's
    /// default, `String(reflecting: Self.self)`, builds the type's name on every execution.
    static let name = "crm_push_lock"

    static let sql = """
        WITH t AS (UPDATE tenants SET last_seq = last_seq WHERE id = $1 RETURNING last_seq, epoch)
        SELECT t.last_seq, t.epoch, d.user_id, d.last_device_seq, d.revoked_at FROM t, devices d
        WHERE d.tenant_id = $1 AND d.id = $2 FOR UPDATE OF d
        """

    typealias Row = PushState

    var tenantID: String
    var deviceID: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(tenantID)
        bindings.append(deviceID)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        var cells = PostgresCells(row, statement: "PostgresLockStatement")
        let (lastSeq, epoch, userID, lastDeviceSeq, revokedAt): (Int64, String, String, Int64, Int64?) = (
            try cells.next(), try cells.next(), try cells.next(), try cells.next(), try cells.next()
        )
        var state = PushState(lastSeq: lastSeq, epoch: epoch)
        state.device = PushState.Device(userID: userID, lastDeviceSeq: lastDeviceSeq, revoked: revokedAt != nil)
        return state
    }
}
