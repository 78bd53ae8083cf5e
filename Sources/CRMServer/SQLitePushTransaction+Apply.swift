// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import GRDB

extension SQLitePushTransaction {
    /// Merges one change against `field_state` and appends it (and any conflict) to the log.
    mutating func apply(_ change: WireChange) throws {
        guard let hlc = change.clock, case .some(let base) = change.baseClock else {
            throw StoreError.invalidBatch("change \(change.changeID) has a malformed hlc")
        }
        let register = change.register
        let incoming = FieldVersion(
            value: change.op.deletedValue.map(JSONValue.bool) ?? change.value, hlc: hlc, deviceID: batch.deviceID,
            userID: batch.userID)
        let current = try fieldState(change, register)
        let deletion = register == FieldVersion.deletedField ? nil : try fieldState(change, FieldVersion.deletedField)
        let decision = LWWMerge.merge(
            incoming: incoming, baseHLC: base, current: current, deletion: deletion, isFieldSet: change.op == .set)
        let seq = try append(change, hlc: hlc, status: decision.applies ? "applied" : "lost")
        if decision.applies { try upsertState(change, register, incoming, seq: seq) }
        if let conflict = decision.conflict {
            try record(
                WireConflict(
                    kind: conflict.kind, entity: change.entity, entityID: change.entityID, field: register,
                    winner: conflict.winner.side, loser: conflict.loser.side, seq: seq), cause: change, hlc: hlc)
        }
    }

    func fieldState(_ change: WireChange, _ register: String) throws -> FieldVersion? {
        let row = try fetchRow(
            """
            SELECT value, hlc, device_id, user_id FROM field_state
            WHERE tenant_id = ? AND entity = ? AND entity_id = ? AND field = ?
            """,
            [batch.tenantID, change.entity, change.entityID, register])
        guard let row else { return nil }
        return FieldVersion(
            value: JSONValue(jsonText: row["value"]) ?? .null, hlc: HLC(rawValue: row["hlc"]),
            deviceID: row["device_id"], userID: row["user_id"])
    }

    /// Inserts a change with the next seq; returns that seq.
    mutating func append(_ change: WireChange, hlc: HLC, status: String) throws -> Int64 {
        lastSeq += 1
        if firstSeq == nil { firstSeq = lastSeq }
        try execute(
            """
            INSERT INTO changes (tenant_id, seq, change_id, device_id, device_seq, tx_id, hlc, hlc_wire, base_hlc,
                entity, entity_id, op, field, value, user_id, received_at, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                batch.tenantID, lastSeq, change.changeID, batch.deviceID, change.deviceSeq, change.txID, hlc.rawValue,
                change.hlc, change.baseHLC, change.entity, change.entityID, change.op.rawValue, change.field,
                change.value.jsonText, batch.userID, batch.now, status,
            ])
        return lastSeq
    }

    func upsertState(_ change: WireChange, _ register: String, _ version: FieldVersion, seq: Int64) throws {
        try execute(
            """
            INSERT INTO field_state (tenant_id, entity, entity_id, field, value, hlc, device_id, user_id, seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, entity, entity_id, field) DO UPDATE SET
                value = excluded.value, hlc = excluded.hlc, device_id = excluded.device_id,
                user_id = excluded.user_id, seq = excluded.seq
            """,
            [
                batch.tenantID, change.entity, change.entityID, register, version.value.jsonText,
                version.hlc.rawValue, version.deviceID, version.userID, seq,
            ])
    }

    /// Stores a conflict row plus an `op: "conflict"` log record in the causing change's tx group.
    mutating func record(_ conflict: WireConflict, cause: WireChange, hlc: HLC) throws {
        let value = try JSONValue(encoding: conflict)
        let record = WireChange(
            changeID: RecordID.make().rawValue, deviceSeq: cause.deviceSeq, txID: cause.txID, hlc: cause.hlc,
            baseHLC: nil, entity: cause.entity, entityID: cause.entityID, op: .conflict, field: conflict.field,
            value: value)
        let seq = try append(record, hlc: hlc, status: "applied")
        try execute(
            """
            INSERT INTO conflicts (tenant_id, id, entity, entity_id, field, kind, winner, loser, seq, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                batch.tenantID, seq, conflict.entity, conflict.entityID, conflict.field, conflict.kind.rawValue,
                try JSONValue(encoding: conflict.winner).jsonText, try JSONValue(encoding: conflict.loser).jsonText,
                conflict.seq, batch.now,
            ])
        conflicts.append(conflict)
    }
}
