// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// Takes back one local transaction by writing its inverse through the change recorder.
///
/// A create is undone by a delete, a delete by a restore (and the reverse), a set by setting
/// the field's earlier value (`TransactionLog.prior`). A field or a record's existence that
/// was written again after the transaction — by a pulled change or a later local one — is left
/// as it is and reported in `kept`, so an undo never overwrites someone else's work.
struct TransactionUndo {
    /// The changes of one record within the transaction, in log order.
    struct Group {
        var kind: EntityKind
        var entityID: String
        var entries: [TransactionLog.Entry]
    }

    let recorder: ChangeRecorder
    var words: ChangeWords
    private(set) var done: [String] = []
    var kept: [String] = []

    init(recorder: ChangeRecorder, timeZoneOffsetSeconds: Int) {
        self.recorder = recorder
        words = ChangeWords(db: recorder.db, timeZoneOffsetSeconds: timeZoneOffsetSeconds)
    }

    /// The entries of a transaction by record, in the order each record first appears.
    static func groups(_ entries: [TransactionLog.Entry]) -> [Group] {
        var order: [String] = []
        var groups: [String: Group] = [:]
        for entry in entries {
            if groups[entry.entityID] == nil {
                order.append(entry.entityID)
                groups[entry.entityID] = Group(kind: entry.kind, entityID: entry.entityID, entries: [])
            }
            groups[entry.entityID]?.entries.append(entry)
        }
        return order.compactMap { groups[$0] }
    }

    /// Undoes the changes of one or more transactions (an import writes several), last record
    /// first; a field written several times goes back to its value before the first write.
    mutating func run(_ entries: [TransactionLog.Entry]) throws {
        for group in Self.groups(entries).reversed() {
            try undo(group)
        }
    }

    private mutating func undo(_ group: Group) throws {
        let kind = group.kind
        let statement = try recorder.db.cachedStatement(sql: "SELECT * FROM \(kind.table) WHERE id = ?")
        guard let id = RecordID(group.entityID), let row = try Row.fetchOne(statement, arguments: [group.entityID])
        else { return }
        let stamps = FieldClock(hlc: row["hlc"], device: row["hlc_device"], json: row["field_hlc"])
        let deleted = (row["deleted"] as Int64) != 0
        // A stage change goes with its deal's move and is never listed: no name to look up.
        let shown = kind != .stageChange
        let name = shown ? try words.record(kind, group.entityID) : kind.label
        if group.entries.contains(where: { $0.op == "create" }) {
            guard !deleted else { return }
            if let later = Self.laterChange(group, row: row, stamps: stamps) {
                let who = try TransactionLog.author(
                    recorder.db, entityID: group.entityID, hlc: later.hlc, device: later.device)
                if shown { kept.append("\(name): left in place; \(who) changed it since it was added") }
                return
            }
            try recorder.delete(kind, id: id)
            if shown { done.append("removed \(name) (it was added)") }
            return
        }
        if let last = group.entries.last(where: { $0.op == "delete" || $0.op == "restore" }) {
            let stamp = stamps.stamp(of: "_deleted")
            if stamp.hlc > last.hlc {
                let who = try TransactionLog.author(
                    recorder.db, entityID: group.entityID, hlc: stamp.hlc, device: stamp.device)
                let state = deleted ? "deleted" : "in place"
                if shown { kept.append("\(name): left \(state); \(who) \(deleted ? "deleted" : "restored") it since") }
            } else if last.op == "delete", deleted {
                try recorder.restore(kind, id: id)
                if shown { done.append("restored \(name)") }
            } else if last.op == "restore", !deleted {
                try recorder.delete(kind, id: id)
                if shown { done.append("deleted \(name) again") }
            }
        }
        try undoSets(group, id: id, row: row, stamps: stamps, name: name)
    }

    /// The stamp of a field someone changed after the group's own writes to a value other than
    /// the one the group left (a stage move and its undo change nothing), or nil.
    static func laterChange(_ group: Group, row: Row, stamps: FieldClock) -> FieldClock.Stamp? {
        let newest = group.entries.map(\.hlc).max() ?? .zero
        var left: [String: FieldValue] = [:]
        for entry in group.entries {
            if entry.op == "create" {
                left = RemoteChange.initialFields(group.kind, json: entry.value ?? "{}") ?? [:]
            } else if entry.op == "set", let field = entry.field, let spec = group.kind.field(field) {
                left[field] = (try? FieldValue(json: entry.value ?? "null", type: spec.type, field: field)) ?? .null
            }
        }
        let current = ChangeRecorder.values(of: group.kind, in: row)
        return stamps.fields.filter { field, stamp in
            stamp.hlc > newest && field != "_deleted"
                && !FieldColumns.same(current[field] ?? .null, left[field] ?? .null)
        }.values.max { $0.hlc < $1.hlc }
    }

    private mutating func undoSets(_ group: Group, id: RecordID, row: Row, stamps: FieldClock, name: String) throws {
        let kind = group.kind
        let current = ChangeRecorder.values(of: kind, in: row)
        var fields: [String: FieldValue] = [:]
        var changes: [String] = []
        var seen: Set<String> = []
        for entry in group.entries where entry.op == "set" {
            guard let field = entry.field, seen.insert(field).inserted, kind.field(field) != nil else { continue }
            let writes = group.entries.filter { $0.op == "set" && $0.field == field }
            let newest = writes.map(\.hlc).max() ?? entry.hlc
            let now = try words.value(kind, field, current[field] ?? .null)
            let label = ChangeWords.field(field)
            let stamp = stamps.stamp(of: field)
            if stamp.hlc > newest {
                let who = try TransactionLog.author(
                    recorder.db, entityID: group.entityID, hlc: stamp.hlc, device: stamp.device)
                kept.append("\(name): \(label) left as \(now); \(who) changed it since")
                continue
            }
            switch try TransactionLog.prior(recorder.db, kind, group.entityID, field: field, before: entry.hlc) {
            case .unknown:
                kept.append("\(name): \(label) left as \(now); its earlier value is not in this device's log")
            case .value(let value):
                fields[field] = value
                changes.append("\(label) \(now) → \(try words.value(kind, field, value))")
            }
        }
        let custom = try undoCustomSets(group, stamps: stamps, name: name, changes: &changes)
        let updated = try !fields.isEmpty && recorder.update(kind, id: id, fields)
        let customUpdated = try recorder.setCustom(kind, id: id, custom)
        guard updated || customUpdated else { return }
        if kind != .stageChange { done.append("\(name): " + changes.joined(separator: "; ")) }
    }
}
