// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB

/// Merges pulled changes into the local tables: per-field last-writer-wins by `(hlc, device)`.
///
/// The same rule, `WriteStamp.beats` (CRMCore), decides on every device and in the server's
/// `LWWMerge`, so whatever order changes arrive in, every replica ends with the same values. Pulled changes are not added to the local change
/// log (they are not ours to push); they go to `remote_log` for the timeline.
struct RemoteApplier {
    let db: Database
    let nowMillis: Int64
    var stats = ApplyStats()
    var highest = HLC.zero
    /// Whether `remote_parked` may hold rows: read once, set when this applier parks one, so a
    /// pull into a device with nothing parked (the common case) skips a lookup per create.
    private var mayHaveParked: Bool?

    init(db: Database, nowMillis: Int64) {
        self.db = db
        self.nowMillis = nowMillis
    }

    /// Merges `changes`; `logged` adds each to `remote_log` (the timeline), which changes kept
    /// from an older version's pull (`UnknownField.materialise`) already are, or never were.
    mutating func apply(_ changes: [RemoteChange], logged: Bool = true) throws {
        for change in changes {
            if change.hlc > highest { highest = change.hlc }
            if logged { try record(change) }
            switch change.op {
            case .create: try create(change)
            case .set: try set(change)
            case .delete, .restore: try setDeleted(change)
            }
        }
    }

    /// The store's row for a record, or nil.
    func row(_ change: RemoteChange) throws -> Row? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM \(change.kind.table) WHERE id = ?", arguments: [change.entityID.rawValue])
    }

    private mutating func create(_ change: RemoteChange) throws {
        let exists = try db.cachedStatement(sql: "SELECT 1 FROM \(change.kind.table) WHERE id = ?")
        guard try Bool.fetchOne(exists, arguments: [change.entityID.rawValue]) == nil else {
            try recreate(change)
            return
        }
        var fields = change.initial
        let orphans = try parkedSets(for: change.entityID)
        for spec in change.kind.fields where fields[spec.name] == nil && spec.required {
            fields[spec.name] = Self.placeholder(for: spec)
        }
        try DirectStatement.execute(
            db.cachedStatement(sql: CreateStatement.sql(change.kind)),
            CreateStatement.values(
                change.kind, id: change.entityID, fields: fields, updatedAt: nowMillis, hlc: change.hlc,
                device: change.deviceID))
        let num = db.lastInsertedRowID
        stats.created += 1
        for (key, value) in change.customInitial.sorted(by: { $0.key < $1.key }) {
            try CustomValues.write(db, kind: change.kind, num: num, key: key, value: value)
        }
        for orphan in orphans {
            if orphan.op == .set { try set(orphan) } else { try setDeleted(orphan) }
        }
        // The row as inserted is the row to index, unless parked changes have since moved it on;
        // a new company's name also belongs in the documents of contacts and deals that arrived
        // before it, which only the full refresh rewrites.
        if orphans.isEmpty, change.kind != .company, change.customInitial.isEmpty {
            try Derived.refresh(db, kind: change.kind, num: num, values: fields, isNew: true)
        } else {
            try refresh(change)
        }
    }

    /// A create of a record this device already holds, merged as the server merges it.
    ///
    /// Two devices importing one CSV make the same ids, and a record can be re-created after a
    /// delete. The create is a restore and a set of each field it carries, all at its HLC, each
    /// taking effect only where it is the later write. Ignoring it kept, on this device and on a
    /// fresh one, a delete or values that the server's later create had overruled.
    private mutating func recreate(_ change: RemoteChange) throws {
        var existence = change
        existence.op = .restore
        existence.field = nil
        existence.value = .null
        try setDeleted(existence)
        for (name, value) in change.initial.sorted(by: { $0.key < $1.key }) {
            var write = existence
            write.op = .set
            write.field = name
            write.value = value
            try set(write)
        }
    }

    private mutating func set(_ change: RemoteChange) throws {
        if let field = change.field, let key = FieldDefinition.key(ofWireField: field),
            FieldDefinition.customizable.contains(change.kind)
        {
            try setCustom(change, key: key)
            return
        }
        guard let field = change.field, let spec = change.kind.field(field) else {
            stats.skipped += 1
            return
        }
        guard let row = try row(change) else {
            try park(change)
            return
        }
        var stamps = FieldClock(hlc: row["hlc"], device: row["hlc_device"], json: row["field_hlc"])
        // A field no create carried and no set wrote has no register on the server, which takes
        // any write to it: the row's creation stamp is not that field's stamp.
        let unwritten =
            stamps.fields[field] == nil && FieldColumns.same(FieldColumns.value(in: row, spec: spec), .null)
        guard unwritten || Self.beats(change.hlc, change.deviceID, stamps.stamp(of: field)) else {
            stats.lost += 1
            return
        }
        stamps.fields[field] = FieldClock.Stamp(hlc: change.hlc, device: change.deviceID)
        var assignments: [String] = []
        var values: [DatabaseValue] = []
        for (column, value) in zip(
            FieldColumns.columns(of: spec), FieldColumns.databaseValues(change.value, spec: spec))
        {
            assignments.append("\(column) = ?")
            values.append(value)
        }
        values += [nowMillis.databaseValue, stamps.json.databaseValue, change.entityID.rawValue.databaseValue]
        try db.execute(
            sql:
                "UPDATE \(change.kind.table) SET \(assignments.joined(separator: ", ")), updated_at = ?, field_hlc = ? WHERE id = ?",
            arguments: ChangeRecorder.arguments(values))
        stats.applied += 1
        try refresh(change, changed: [field])
    }

    /// A custom value, merged by the same per-field rule; its stamp lives in the row's `field_hlc`.
    private mutating func setCustom(_ change: RemoteChange, key: String) throws {
        guard let field = change.field, let row = try row(change) else {
            try park(change)
            return
        }
        var stamps = FieldClock(hlc: row["hlc"], device: row["hlc_device"], json: row["field_hlc"])
        guard Self.beats(change.hlc, change.deviceID, stamps.stamp(of: field)) else {
            stats.lost += 1
            return
        }
        stamps.fields[field] = FieldClock.Stamp(hlc: change.hlc, device: change.deviceID)
        try CustomValues.write(db, kind: change.kind, num: row["num"], key: key, value: change.customValue)
        try db.execute(
            sql: "UPDATE \(change.kind.table) SET updated_at = ?, field_hlc = ? WHERE id = ?",
            arguments: [nowMillis, stamps.json, change.entityID.rawValue])
        stats.applied += 1
        try refresh(change)
    }

    private mutating func setDeleted(_ change: RemoteChange) throws {
        guard let row = try row(change) else {
            try park(change)
            return
        }
        var stamps = FieldClock(hlc: row["hlc"], device: row["hlc_device"], json: row["field_hlc"])
        guard Self.beats(change.hlc, change.deviceID, stamps.stamp(of: "_deleted")) else {
            stats.lost += 1
            return
        }
        stamps.fields["_deleted"] = FieldClock.Stamp(hlc: change.hlc, device: change.deviceID)
        try db.execute(
            sql: "UPDATE \(change.kind.table) SET deleted = ?, updated_at = ?, field_hlc = ? WHERE id = ?",
            arguments: [change.op == .delete ? 1 : 0, nowMillis, stamps.json, change.entityID.rawValue])
        stats.applied += 1
        try refresh(change)
    }

    /// Brings the record's derived columns and search document up to date; `changed` names the
    /// one field a pulled set wrote, so a document that does not read it is left alone.
    private func refresh(_ change: RemoteChange, changed: Set<String>? = nil) throws {
        guard let row = try row(change) else { return }
        let num: Int64 = row["num"]
        if (row["deleted"] as Int64) != 0 {
            try Derived.removeFromSearch(db, kind: change.kind, num: num)
        } else {
            try Derived.refresh(
                db, kind: change.kind, num: num, values: ChangeRecorder.values(of: change.kind, in: row),
                changed: changed)
        }
    }

    /// The server's LWW order (`WriteStamp.beats`): an identical stamp is the same write again, a no-op.
    static func beats(_ hlc: HLC, _ device: String, _ current: FieldClock.Stamp) -> Bool {
        WriteStamp(hlc: hlc, deviceID: device).beats(WriteStamp(hlc: current.hlc, deviceID: current.device))
    }

    static func placeholder(for spec: FieldSpec) -> FieldValue {
        switch spec.type {
        case .money: .money(Money(minorUnits: 0, currency: RecordDecoding.currencyFallback))
        case .integer, .timestamp: .integer(0)
        case .bool: .bool(false)
        case .choice(let allowed): .text(allowed.first ?? "")
        default: .text("")
        }
    }

    private func record(_ change: RemoteChange) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO remote_log (seq, change_id, entity, entity_id, op, field, value, hlc, device_id, user_id)
                VALUES (?,?,?,?,?,?,?,?,?,?)
                """
        ).execute(arguments: [
            change.seq, change.changeID, change.kind.rawValue, change.entityID.rawValue, change.op.rawValue,
            change.field,
            Self.valueJSON(change), change.hlc.rawValue, change.deviceID, change.userID,
        ])
    }

    static func valueJSON(_ change: RemoteChange) -> String? {
        switch change.op {
        case .set where change.field.flatMap(FieldDefinition.key(ofWireField:)) != nil: change.customValue.jsonText
        case .set: change.value.jsonText
        case .create: ChangeRecorder.object(change.kind.fields, change.initial)
        default: nil
        }
    }

    /// A change for a record this device has not received yet waits for its create.
    private mutating func park(_ change: RemoteChange) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO remote_parked (seq, entity_id) VALUES (?, ?)",
            arguments: [change.seq, change.entityID.rawValue])
        mayHaveParked = true
        stats.parked += 1
    }

    private mutating func parkedSets(for id: RecordID) throws -> [RemoteChange] {
        if mayHaveParked == nil {
            mayHaveParked = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM remote_parked)") ?? true
        }
        guard mayHaveParked == true else { return [] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT r.* FROM remote_parked p JOIN remote_log r ON r.seq = p.seq WHERE p.entity_id = ? ORDER BY p.seq
                """, arguments: [id.rawValue])
        try db.execute(sql: "DELETE FROM remote_parked WHERE entity_id = ?", arguments: [id.rawValue])
        return rows.compactMap(Self.change(from:))
    }

    static func change(from row: Row) -> RemoteChange? {
        guard let kind = EntityKind(rawValue: row["entity"]), let id = RecordID(row["entity_id"] as String),
            let op = RemoteChange.Operation(rawValue: row["op"])
        else { return nil }
        let field: String? = row["field"]
        var value = FieldValue.null
        if let field, let spec = kind.field(field), let json: String = row["value"] {
            value = (try? FieldValue(json: json, type: spec.type, field: field)) ?? .null
        }
        // Parked changes are sets, deletes and restores; creates are never parked.
        var change = RemoteChange(
            seq: row["seq"], changeID: row["change_id"], kind: kind, entityID: id, op: op, field: field, value: value,
            hlc: HLC(rawValue: row["hlc"]), deviceID: row["device_id"], userID: row["user_id"])
        if field.flatMap(FieldDefinition.key(ofWireField:)) != nil, let json: String = row["value"] {
            change.customValue = JSONValue(jsonText: json) ?? .null
        }
        return change
    }
}

/// What one pulled batch did to the local store.
public struct ApplyStats: Equatable, Sendable {
    public var created = 0
    public var applied = 0
    /// Changes older than the local value (another device's later write already won).
    public var lost = 0
    /// Changes for records not received yet, kept until their create arrives.
    public var parked = 0
    public var skipped = 0
    public var conflicts = 0
    /// Values of fields or kinds this version does not know, kept for a later one.
    public var kept = 0

    public init() {}
}
