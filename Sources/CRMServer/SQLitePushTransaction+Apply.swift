// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import GRDB

extension SQLitePushTransaction {
    /// One register write of a change and how it merged.
    struct RegisterWrite {
        var register: String
        var incoming: FieldVersion
        var decision: LWWMerge.Decision
    }

    /// Merges one change against `field_state` and appends it (and any conflict) to the log.
    mutating func apply(_ change: WireChange) throws {
        guard let hlc = change.clock, case .some(let base) = change.baseClock else {
            throw StoreError.invalidBatch("change \(change.changeID) has a malformed hlc")
        }
        let writes = try registerWrites(change, hlc: hlc, base: base)
        let applied = writes.contains { $0.decision.applies }
        let seq = try append(change, hlc: hlc, status: applied ? "applied" : "lost")
        for write in writes where write.decision.applies {
            try upsertState(change, write.register, write.incoming, seq: seq)
        }
        if let main = writes.first, main.decision.applies, change.op == .delete {
            try recordHiddenEdits(change, delete: main.incoming, base: base, seq: seq, hlc: hlc)
        }
        for write in writes {
            guard let conflict = write.decision.conflict else { continue }
            try record(
                WireConflict(
                    kind: conflict.kind, entity: change.entity, entityID: change.entityID, field: write.register,
                    winner: conflict.winner.side, loser: conflict.loser.side, seq: seq), cause: change, hlc: hlc)
        }
    }

    /// The registers a change writes, merged: its field (or `_deleted`), then a create's initial
    /// fields, each at the create's HLC with no base.
    func registerWrites(_ change: WireChange, hlc: HLC, base: HLC?) throws -> [RegisterWrite] {
        let register = change.register
        let incoming = version(change.op.deletedValue.map(JSONValue.bool) ?? change.value, hlc)
        let deletion = register == FieldVersion.deletedField ? nil : try fieldState(change, FieldVersion.deletedField)
        var writes = [
            RegisterWrite(
                register: register, incoming: incoming,
                decision: LWWMerge.merge(
                    incoming: incoming, baseHLC: base, current: try fieldState(change, register), deletion: deletion,
                    isFieldSet: change.op == .set))
        ]
        for (field, value) in change.initialFields.sorted(by: { $0.key < $1.key }) {
            let initial = version(value, hlc)
            let decision = LWWMerge.merge(
                incoming: initial, baseHLC: nil, current: try fieldState(change, field), deletion: nil,
                isFieldSet: false)
            writes.append(RegisterWrite(register: field, incoming: initial, decision: decision))
        }
        return writes
    }

    func version(_ value: JSONValue, _ hlc: HLC) -> FieldVersion {
        FieldVersion(value: value, hlc: hlc, deviceID: batch.deviceID, userID: batch.userID)
    }

    /// Records `edit_on_deleted` for edits that reached the server before a delete that hid them.
    mutating func recordHiddenEdits(_ change: WireChange, delete: FieldVersion, base: HLC?, seq: Int64, hlc: HLC)
        throws
    {
        guard let base else { return }
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT field, value, hlc, device_id, user_id FROM field_state
                    WHERE tenant_id = ? AND entity = ? AND entity_id = ? AND field <> '_deleted' AND hlc > ?
                    """),
            arguments: [batch.tenantID, change.entity, change.entityID, base.rawValue])
        var fields: [String: FieldVersion] = [:]
        for row in rows {
            fields[row["field"]] = FieldVersion(
                value: JSONValue(jsonText: row["value"]) ?? .null, hlc: HLC(rawValue: row["hlc"]),
                deviceID: row["device_id"], userID: row["user_id"])
        }
        for hidden in LWWMerge.editsHidden(byDelete: delete, baseHLC: base, fields: fields) {
            try record(
                WireConflict(
                    kind: .editOnDeleted, entity: change.entity, entityID: change.entityID, field: hidden.field,
                    winner: hidden.winner.side, loser: hidden.loser.side, seq: seq), cause: change, hlc: hlc)
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
                entity, entity_id, op, field, value, user_id, received_at, status, scope)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                batch.tenantID, lastSeq, change.changeID, batch.deviceID, change.deviceSeq, change.txID, hlc.rawValue,
                change.hlc, change.baseHLC, change.entity, change.entityID, change.op.rawValue, change.field,
                change.value.jsonText, batch.userID, batch.now, status, scope,
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
        let value = conflict.jsonValue
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
                conflict.winner.jsonValue.jsonText, conflict.loser.jsonValue.jsonText,
                conflict.seq, batch.now,
            ])
        conflicts.append(conflict)
    }
}
