// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync

/// A `PushPlan` as table rows: the one place that says which column each planned value goes to,
/// so the SQLite and PostgreSQL scopes only bind values, each in its own dialect.
struct PushRows {
    /// One bound value.
    enum Value: Hashable, Sendable {
        case text(String?)
        case integer(Int64?)
    }

    /// One insert: `head VALUES (…) tail`, and its rows in column order.
    struct Insert: Sendable {
        var head: String
        var tail: String = ""
        var rows: [[Value]] = []
    }

    /// The four inserts with no rows, in the order they are run.
    ///
    /// They are `changes`, `field_state`, `conflicts` and `rejected_changes`. A statement whose
    /// text must not depend on the batch (the PostgreSQL store's prepared write,
    /// `PostgresWriteStatement`) is built from these.
    static let tables: [Insert] = [
        Insert(
            head: """
                INSERT INTO changes (tenant_id, seq, change_id, device_id, device_seq, tx_id, hlc, hlc_wire, base_hlc,
                    entity, entity_id, op, field, value, user_id, received_at, status, scope)
                """),
        Insert(
            head: "INSERT INTO field_state (tenant_id, entity, entity_id, field, value, hlc, device_id, user_id, seq)",
            tail: """
                ON CONFLICT (tenant_id, entity, entity_id, field) DO UPDATE SET
                    value = excluded.value, hlc = excluded.hlc, device_id = excluded.device_id,
                    user_id = excluded.user_id, seq = excluded.seq
                """),
        Insert(
            head:
                "INSERT INTO conflicts (tenant_id, id, entity, entity_id, field, kind, winner, loser, seq, created_at)"
        ),
        Insert(
            head: """
                INSERT INTO rejected_changes (tenant_id, device_id, device_seq, change_id, content, code, message,
                    received_at)
                """),
    ]

    /// Every insert of `plan`, tenant filled in, in the order they are run.
    static func inserts(of plan: PushPlan, tenantID: String) -> [Insert] {
        let tenant = Value.text(tenantID)
        var changes = tables[0]
        for append in plan.appends {
            let change = append.change
            changes.rows.append([
                tenant, .integer(append.seq), .text(change.changeID), .text(plan.deviceID),
                .integer(change.deviceSeq), .integer(change.txID), .integer(append.hlc.rawValue), .text(change.hlc),
                .text(change.baseHLC), .text(change.entity), .text(change.entityID), .text(change.op.rawValue),
                .text(change.field), .text(append.valueJSON), .text(plan.userID), .integer(plan.now),
                .text(append.status), .text(append.scope),
            ])
        }
        var fields = tables[1]
        for (key, state) in plan.fieldStates.sorted(by: { $0.value.seq < $1.value.seq }) {
            let version = state.version
            fields.rows.append([
                tenant, .text(key.entity), .text(key.entityID), .text(key.field), .text(version.value.jsonText),
                .integer(version.hlc.rawValue), .text(version.deviceID), .text(version.userID), .integer(state.seq),
            ])
        }
        var conflicts = tables[2]
        for row in plan.conflicts {
            let conflict = row.conflict
            conflicts.rows.append([
                tenant, .integer(row.id), .text(conflict.entity), .text(conflict.entityID), .text(conflict.field),
                .text(conflict.kind.rawValue), .text(conflict.winner.jsonValue.jsonText),
                .text(conflict.loser.jsonValue.jsonText), .integer(conflict.seq), .integer(plan.now),
            ])
        }
        var refusals = tables[3]
        for row in plan.refusals {
            refusals.rows.append([
                tenant, .text(plan.deviceID), .integer(row.change.deviceSeq), .text(row.change.changeID),
                .text(row.content), .text(row.refusal.code), .text(row.refusal.message), .integer(plan.now),
            ])
        }
        return [changes, fields, conflicts, refusals].filter { !$0.rows.isEmpty }
    }
}
