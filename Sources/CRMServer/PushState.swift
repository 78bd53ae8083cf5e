// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync

/// Everything `PushPlanner` needs to decide a push, read by a store in one go.
///
/// The store reads it inside the push's transaction (after taking the tenant's lock), so it is
/// the committed state the push merges against. Nothing in it names the tenant: a
/// `TenantPushScope` reads it for the one tenant it is bound to.
struct PushState: Sendable {
    /// The tenant's row: its last seq and epoch.
    var lastSeq: Int64
    var epoch: String
    /// The device's row, or nil when the tenant has no such device.
    var device: Device?
    /// The log rows (never conflicts) of this device with the re-sent changes' ids, by their own
    /// device seq: a device's seqs are unique, so a row here is the one stored at its seq, and a
    /// re-sent change whose seq holds another id finds nothing and is refused as reused.
    var stored: [Int64: WireChange] = [:]
    /// The refusals kept for this device at the re-sent device seqs, by device seq.
    var refusals: [Int64: EarlierRefusal] = [:]
    /// The change ids of the batch's new changes that the log or the refusals already hold.
    var takenChangeIDs: Set<String> = []
    /// The `field_state` rows of `FieldStateQuery` (missing key: never written).
    var fields: [FieldKey: FieldVersion] = [:]

    /// The pushing device as `devices` holds it.
    struct Device: Hashable, Sendable {
        var userID: String
        var lastDeviceSeq: Int64
        var revoked: Bool
    }

    /// A refused change as `rejected_changes` keeps it.
    struct EarlierRefusal: Hashable, Sendable {
        var content: String
        var code: String
        var message: String
    }
}

/// One register of one record: the key of a `field_state` row within a tenant.
struct FieldKey: Hashable, Sendable {
    var entity: String
    var entityID: String
    var field: String

    var record: RecordKey { RecordKey(entity: entity, entityID: entityID) }
}

/// One record within a tenant.
struct RecordKey: Hashable, Sendable {
    var entity: String
    var entityID: String
}

/// The `field_state` rows a batch's new changes read: single registers, and every register of
/// the records a delete or a create touches.
///
/// A delete reads its record whole for the edits it hides (`LWWMerge.editsHidden`). A create
/// reads its record whole too, rather than one register for each of its initial fields: one range
/// read of the record's rows (none, for a new record) instead of an index descent a field, forty
/// and more for a contact imported from a Salesforce export.
struct FieldStateQuery: Hashable, Sendable {
    var keys: Set<FieldKey> = []
    var records: Set<RecordKey> = []
    /// Whether to read every register of the tenant's custom-field definitions: the batch
    /// carries custom values, checked against them (`CustomFieldCheck`).
    var definitions = false

    /// What `changes` read when `PushPlanner` merges them, in any order.
    init(changes: [WireChange]) {
        for change in changes {
            let record = RecordKey(entity: change.entity, entityID: change.entityID)
            if change.op == .delete || !change.initialFields.isEmpty {
                records.insert(record)
            } else {
                func add(_ field: String) {
                    keys.insert(FieldKey(entity: record.entity, entityID: record.entityID, field: field))
                }
                add(change.register)
                add(FieldVersion.deletedField)
                if change.kind == .activity { add("case_id") }
                if change.kind == .notificationMark { add("user_id") }
            }
            if change.field.flatMap(FieldDefinition.key(ofWireField:)) != nil
                || change.initialFields.keys.contains(where: { FieldDefinition.key(ofWireField: $0) != nil })
            {
                definitions = true
            }
        }
    }

    var isEmpty: Bool { keys.isEmpty && records.isEmpty && !definitions }
}
