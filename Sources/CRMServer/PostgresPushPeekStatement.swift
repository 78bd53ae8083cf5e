// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import PostgresNIO

/// Everything `PushPlanner` needs for a batch of new changes, read in one statement without a
/// lock, with the versions of the tenant's and the device's rows (`PostgresUnlockedPush`).
///
/// It reads the tenant's row, the device's row, the batch's change ids already taken, and the
/// registers the batch reads (`FieldStateQuery`), as `PostgresPushReadStatement` does under the
/// lock; the registers come as one `record[]` (`PostgresRecordArray`); and the tenant's auth
/// revision, which a kept session is checked against (`SessionCache`). It reads them for every
/// change of the batch, as if none were re-sent: a batch with a re-sent change is pushed under
/// the lock. No row: the tenant is missing.
struct PostgresPushPeekStatement: PostgresPreparedStatement {
    /// The name it is prepared under on each connection (see `PostgresWriteStatement.name`).
    static let name = "crm_push_peek"

    static let sql = """
        SELECT t.last_seq, t.epoch, t.xmin::text, t.auth_revision, d.user_id, d.last_device_seq, d.revoked_at, d.xmin::text,
            ARRAY(\(PostgresPushReadStatement.taken(9))),
            (SELECT array_agg(f) FROM (\(PostgresPushReadStatement.registers(from: 3))) f)
        FROM tenants t LEFT JOIN devices d ON d.tenant_id = t.id AND d.id = $2
        WHERE t.id = $1
        """

    /// The versions of the tenant's and the device's rows the state was read from.
    struct Versions: Hashable, Sendable {
        var tenant: String
        var device: String
    }

    /// The state, the versions (nil when the tenant has no such device) and the tenant's auth
    /// revision.
    typealias Row = (state: PushState, versions: Versions?, authRevision: Int64)

    var tenantID: String
    var deviceID: String
    var changeIDs: [String]
    var query: FieldStateQuery

    init(tenantID: String, batch: PushBatch) {
        self.tenantID = tenantID
        deviceID = batch.deviceID
        changeIDs = batch.changes.map(\.changeID)
        query = FieldStateQuery(changes: batch.changes)
    }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 9)
        bindings.append(tenantID)
        bindings.append(deviceID)
        PostgresPushReadStatement.bind(query, changeIDs: changeIDs, into: &bindings)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        var cells = PostgresCells(row, statement: "PostgresPushPeekStatement")
        let (lastSeq, epoch, tenantVersion, authRevision): (Int64, String, String, Int64) = (
            try cells.next(), try cells.next(), try cells.next(), try cells.next()
        )
        let (userID, lastDeviceSeq, revokedAt, deviceVersion): (String?, Int64?, Int64?, String?) = (
            try cells.next(), try cells.next(), try cells.next(), try cells.next()
        )
        var state = PushState(lastSeq: lastSeq, epoch: epoch)
        state.takenChangeIDs = Set(try cells.next([String].self))
        var fields = PostgresRecordArray(try cells.nextCell(), statement: "PostgresPushPeekStatement")
        try fields.forEachRecord { row in
            let key = FieldKey(entity: try row.string(), entityID: try row.string(), field: try row.string())
            let (value, hlc) = (try row.string(), try row.int64())
            let (deviceID, userID) = (try row.string(), try row.optionalString())
            state.fields[key] = FieldVersion(
                value: JSONValue(storedText: value) ?? .null, hlc: HLC(rawValue: hlc), deviceID: deviceID,
                userID: userID)
        }
        guard let userID, let lastDeviceSeq, let deviceVersion else { return (state, nil, authRevision) }
        state.device = PushState.Device(userID: userID, lastDeviceSeq: lastDeviceSeq, revoked: revokedAt != nil)
        return (state, Versions(tenant: tenantVersion, device: deviceVersion), authRevision)
    }
}
