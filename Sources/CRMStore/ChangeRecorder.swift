// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB

/// The one write path: every create, edit, delete and restore goes through here.
///
/// It writes the business row, appends the change-log entries sync needs (SYNC.md 1.3), keeps
/// derived columns and the search index current, and — when the transaction commits — the HLC
/// high-water mark and device sequence, all in the caller's single transaction. If anything
/// throws, the transaction rolls back and neither data nor log entries remain.
///
/// ```swift
/// try store.write { recorder in
///     let id = RecordID.make()
///     try recorder.create(.contact, id: id, ["name": .text("Ana")])
/// }
/// ```
public final class ChangeRecorder {
    /// The connection of the open write transaction.
    let db: Database
    /// The wall-clock time of this transaction, in UTC milliseconds.
    public let nowMillis: Int64
    /// This device's id, the HLC tie-breaker.
    public let deviceID: String
    var clock: HybridLogicalClock
    var lastDeviceSeq: Int64
    let startingClock: HLC
    /// Wall clock plus the server offset learned at login or from a 422 `clock_ahead` (SYNC.md 3.2).
    let physicalMillis: Int64
    var txID: Int64?
    /// Change ids and `newID()` draw from this: seeded once per transaction from the system's
    /// generator, because a system call per id was a measurable share of a bulk load.
    var random: SplitMix64
    /// Change-log entries wait here and go to the table in multi-row statements (`PendingInserts`).
    let log = PendingInserts(
        table: "change_log",
        columns: ["device_seq", "change_id", "tx_id", "hlc", "base_hlc", "entity", "entity_id", "op", "field", "value"])
    /// Search documents of records created in this transaction, written the same way.
    let newDocuments = PendingInserts(table: "search", columns: ["rowid", "title", "body"])
    /// The `INSERT` statements of this transaction's creates, by kind.
    private var inserts: [EntityKind: DirectStatement] = [:]
    /// Off while seeding defaults that every device creates identically (stable ids), so they
    /// are never pushed and no role is refused for writing them.
    var logging = true

    /// Kinds that stay on this device: users are local identities here; server accounts are
    /// managed with `crm-server user add`.
    static let localOnly: Set<EntityKind> = [.user]

    init(db: Database, nowMillis: Int64) throws {
        self.db = db
        self.nowMillis = nowMillis
        physicalMillis = nowMillis + (try Self.serverOffset(db))
        guard let row = try Row.fetchOne(db, sql: "SELECT device_id, last_hlc, last_device_seq FROM clock WHERE id = 1")
        else { throw StoreError.conflict("the database has no device clock; run crm check") }
        deviceID = row["device_id"]
        clock = HybridLogicalClock(last: HLC(rawValue: row["last_hlc"]))
        startingClock = clock.last
        lastDeviceSeq = row["last_device_seq"]
        var system = SystemRandomNumberGenerator()
        random = SplitMix64(seed: system.next())
    }

    /// The offset from this device's wall clock to the server's (SYNC.md 3.2), 0 until learned.
    ///
    /// Local writes tick from wall clock + offset, and so do pulls, so a device whose clock
    /// runs fast stamps at server time once it knows the offset; a restamp moves unpushed changes
    /// by the change of this offset, since they were stamped with it.
    static func serverOffset(_ db: Database) throws -> Int64 {
        let offset = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'sync.server_offset_ms'")
        return offset.flatMap { Int64($0) } ?? 0
    }

    /// A new record id (UUIDv7 at this transaction's time), cheaper than `RecordID.make()` in a loop.
    public func newID() -> RecordID {
        RecordID.make(millis: UInt64(max(0, nowMillis)), using: &random)
    }

    /// Creates a record and returns its local number.
    @discardableResult
    public func create(_ kind: EntityKind, id: RecordID, _ input: [String: FieldValue]) throws -> Int64 {
        var fields = try validated(kind, input)
        if fields["created_at"] == nil || fields["created_at"] == .null { fields["created_at"] = .integer(nowMillis) }
        if kind == .user && (fields["active"] ?? .null) == .null { fields["active"] = .bool(true) }
        for spec in kind.fields where spec.required && (fields[spec.name] ?? .null) == .null {
            throw StoreError.missingRequired(kind: kind, field: spec.name)
        }
        let hlc = clock.tick(nowMillis: physicalMillis)
        let values = CreateStatement.values(
            kind, id: id, fields: fields, updatedAt: nowMillis, hlc: hlc, device: deviceID)
        try insertStatement(kind).execute(values)
        let num = db.lastInsertedRowID
        try append(kind, id, op: "create", field: nil, value: Self.object(kind.fields, fields), hlc: hlc, base: nil)
        try Derived.refresh(db, kind: kind, num: num, values: fields, isNew: true, pending: newDocuments)
        return num
    }

    /// The `INSERT` of `kind`, prepared at this transaction's first create of the kind.
    private func insertStatement(_ kind: EntityKind) throws -> DirectStatement {
        if let statement = inserts[kind] { return statement }
        let statement = try DirectStatement(db, sql: CreateStatement.sql(kind))
        inserts[kind] = statement
        return statement
    }

    /// Positional arguments from database values, for statements built per call (the hot
    /// statements of bulk writes bind through `DirectStatement` instead).
    ///
    /// GRDB's generic initialiser reads each value through a key path that is instantiated on
    /// every call from outside GRDB; the existential form avoids that.
    static func arguments(_ values: [DatabaseValue]) -> StatementArguments {
        StatementArguments(values.map { $0 as (any DatabaseValueConvertible)? })
    }

    /// The initial fields of a create as one JSON object: `{"name":"Ana","email":"ana@example.com"}`.
    static func object(_ specs: [FieldSpec], _ fields: [String: FieldValue]) -> String {
        var text = "{"
        text.reserveCapacity(256)
        var first = true
        for spec in specs {
            guard let value = fields[spec.name], !FieldColumns.same(value, .null) else { continue }
            if !first { text += "," }
            first = false
            JSONText.appendQuoted(spec.name, to: &text)
            text += ":"
            value.appendJSON(to: &text)
        }
        text += "}"
        return text
    }

    /// Sets fields of an existing record; records only the fields whose value changes.
    ///
    /// Returns false when nothing changed (no log entries, no clock tick).
    @discardableResult
    public func update(_ kind: EntityKind, id: RecordID, _ input: [String: FieldValue]) throws -> Bool {
        let fields = try validated(kind, input)
        // Cached statements: GRDB's authorizer reads every column of a statement it prepares, which
        // a bulk action of 10,000 records would otherwise pay twice per record.
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM \(kind.table) WHERE id = ?"), arguments: [id.rawValue])
        else { throw StoreError.notFound(kind: kind, handle: id.rawValue) }
        var current = Self.values(of: kind, in: row)
        let changed = kind.fields.filter { spec in
            guard let new = fields[spec.name] else { return false }
            return !FieldColumns.same(new, current[spec.name] ?? .null)
        }
        guard !changed.isEmpty else { return false }
        for spec in changed where spec.required && (fields[spec.name] ?? .null) == .null {
            throw StoreError.invalid(.empty(field: spec.name))
        }
        let hlc = clock.tick(nowMillis: physicalMillis)
        var stamps = FieldClock(hlc: row["hlc"], device: row["hlc_device"], json: row["field_hlc"])
        var assignments: [String] = []
        var values: [DatabaseValue] = []
        for spec in changed {
            let value = fields[spec.name] ?? .null
            for (column, dbValue) in zip(FieldColumns.columns(of: spec), FieldColumns.databaseValues(value, spec: spec))
            {
                assignments.append("\(column) = ?")
                values.append(dbValue)
            }
            let base = stamps.stamp(of: spec.name).hlc
            try append(kind, id, op: "set", field: spec.name, value: value.jsonText, hlc: hlc, base: base)
            stamps.fields[spec.name] = FieldClock.Stamp(hlc: hlc, device: deviceID)
            current[spec.name] = value
        }
        let num: Int64 = row["num"]
        try newDocuments.flush(db)
        assignments += ["updated_at = ?", "field_hlc = ?"]
        values += [nowMillis.databaseValue, stamps.json.databaseValue, num.databaseValue]
        try db.cachedStatement(sql: "UPDATE \(kind.table) SET \(assignments.joined(separator: ", ")) WHERE num = ?")
            .execute(
                arguments: Self.arguments(values))
        if (row["deleted"] as Int64) == 0 {
            try Derived.refresh(db, kind: kind, num: num, values: current, changed: Set(changed.map(\.name)))
        }
        return true
    }

    /// Soft-deletes a record: a tombstone that keeps its fields, so a restore loses nothing.
    public func delete(_ kind: EntityKind, id: RecordID) throws {
        try setDeleted(kind, id: id, deleted: true)
    }

    /// Brings a soft-deleted record back.
    public func restore(_ kind: EntityKind, id: RecordID) throws {
        try setDeleted(kind, id: id, deleted: false)
    }

    private func setDeleted(_ kind: EntityKind, id: RecordID, deleted: Bool) throws {
        // Cached statements: GRDB's authorizer reads every column of a statement it prepares, which
        // a bulk action of 10,000 records would otherwise pay twice per record.
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM \(kind.table) WHERE id = ?"), arguments: [id.rawValue])
        else { throw StoreError.notFound(kind: kind, handle: id.rawValue) }
        guard (row["deleted"] as Int64 != 0) != deleted else { return }
        let hlc = clock.tick(nowMillis: physicalMillis)
        var stamps = FieldClock(hlc: row["hlc"], device: row["hlc_device"], json: row["field_hlc"])
        let base = deleted ? stamps.newest : stamps.stamp(of: "_deleted").hlc
        stamps.fields["_deleted"] = FieldClock.Stamp(hlc: hlc, device: deviceID)
        let num: Int64 = row["num"]
        try newDocuments.flush(db)
        // Cached too: an UPDATE of a table with triggers compiles them in, which showed as a
        // sixth of undoing a 10,000-deal move (its stage changes are deleted one by one).
        try db.cachedStatement(sql: "UPDATE \(kind.table) SET deleted = ?, updated_at = ?, field_hlc = ? WHERE num = ?")
            .execute(arguments: [deleted ? 1 : 0, nowMillis, stamps.json, num])
        try append(kind, id, op: deleted ? "delete" : "restore", field: nil, value: nil, hlc: hlc, base: base)
        if deleted {
            try Derived.removeFromSearch(db, kind: kind, num: num)
        } else {
            try Derived.refresh(db, kind: kind, num: num, values: Self.values(of: kind, in: row))
        }
    }

    /// Persists the clock and device sequence; called once, just before commit.
    func finish() throws {
        try log.flush(db)
        try newDocuments.flush(db)
        guard txID != nil || clock.last != startingClock else { return }
        try db.execute(
            sql: "UPDATE clock SET last_hlc = ?, last_device_seq = ? WHERE id = 1",
            arguments: [clock.last.rawValue, lastDeviceSeq])
    }

    func append(
        _ kind: EntityKind, _ id: RecordID, op: String, field: String?, value: String?, hlc: HLC, base: HLC?
    ) throws {
        guard logging, !Self.localOnly.contains(kind) else { return }
        lastDeviceSeq += 1
        let tx = txID ?? lastDeviceSeq
        txID = tx
        try log.append(
            [
                lastDeviceSeq.databaseValue, newID().rawValue.databaseValue, tx.databaseValue,
                hlc.rawValue.databaseValue, base?.rawValue.databaseValue ?? .null, kind.rawValue.databaseValue,
                id.rawValue.databaseValue, op.databaseValue, field?.databaseValue ?? .null,
                value?.databaseValue ?? .null,
            ], in: db)
    }

    private func validated(_ kind: EntityKind, _ input: [String: FieldValue]) throws -> [String: FieldValue] {
        for (name, value) in input {
            guard let spec = kind.field(name) else { throw StoreError.unknownField(kind: kind, field: name) }
            do { try spec.validate(value) } catch let error as DomainError { throw StoreError.invalid(error) }
        }
        return input
    }

    /// Every schema field's value in a fetched row.
    static func values(of kind: EntityKind, in row: Row) -> [String: FieldValue] {
        var values: [String: FieldValue] = [:]
        for spec in kind.fields { values[spec.name] = FieldColumns.value(in: row, spec: spec) }
        return values
    }
}
