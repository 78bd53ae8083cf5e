// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync

/// What one push writes, decided by `PushPlanner` before any write: a store applies it as it is,
/// in the push's transaction (`TenantPushScope.apply`).
///
/// No row names a tenant: the scope that applies the plan adds its own, so a plan cannot write
/// into another tenant.
struct PushPlan: Sendable {
    /// The pusher, stored with every log row and refusal.
    var deviceID: String
    var userID: String
    /// When the server received the push (`received_at`, `created_at`).
    var now: Int64
    /// The tenant's `last_seq` after the push.
    var lastSeq: Int64
    /// The device's `last_device_seq` after the push.
    var acceptedThrough: Int64
    /// New log rows (changes and conflict records), in seq order.
    var appends: [Append] = []
    /// The final `field_state` row of every register the push wins, one per register.
    var fieldStates: [FieldKey: FieldState] = [:]
    /// New `conflicts` rows.
    var conflicts: [Conflict] = []
    /// New `rejected_changes` rows.
    var refusals: [Refusal] = []
    /// The answer once the plan is committed.
    var outcome: PushOutcome

    /// One `changes` row.
    struct Append: Hashable, Sendable {
        var seq: Int64
        var change: WireChange
        var hlc: HLC
        /// `applied` or `lost` (every register lost its merge).
        var status: String
        /// The visibility class (`RoleRules.scope`).
        var scope: String?
        /// The value as stored: `change.value.jsonText`, made once for the insert and the tail.
        var valueJSON: String
    }

    /// One `field_state` row: the version and the seq that wrote it.
    struct FieldState: Hashable, Sendable {
        var version: FieldVersion
        var seq: Int64
    }

    /// One `conflicts` row; its id is the seq of its `op: "conflict"` log record.
    struct Conflict: Hashable, Sendable {
        var id: Int64
        var conflict: WireConflict
    }

    /// One `rejected_changes` row.
    struct Refusal: Hashable, Sendable {
        var change: WireChange
        var refusal: RejectedChange

        /// The change as kept, to compare a resend with (`RejectedContent`).
        var content: String { RejectedContent.encode(change) }
    }
}

extension PushPlan {
    /// The clock of the device's newest change in the log after the push (`devices.last_hlc`).
    ///
    /// The mail gateway orders its own writes after it. Nil when the push appends none of its
    /// changes, and the column keeps its value. A conflict record carries the clock of the change
    /// that caused it, so the last row is the last change's clock either way.
    var lastHLC: Int64? { appends.last?.hlc.rawValue }

    /// The plan's log rows as a pull reads them back (`PushRows` writes the same columns).
    var storedChanges: [StoredChange] {
        appends.map { append in
            let change = append.change
            return StoredChange(
                seq: append.seq, changeID: change.changeID, deviceID: deviceID, deviceSeq: change.deviceSeq,
                txID: change.txID, hlc: change.hlc, baseHLC: change.baseHLC, entity: change.entity,
                entityID: change.entityID, op: change.op, field: change.field, valueJSON: append.valueJSON,
                userID: userID, scope: append.scope)
        }
    }
}
