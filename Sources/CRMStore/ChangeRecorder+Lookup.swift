// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// A key a record is found by inside a write transaction: what an import matches its rows on.
public enum RecordKey: Sendable, Hashable {
    /// The stable id, live or deleted.
    case id
    /// The source system's id (`external_id`), live records.
    case externalID
    /// The email, compared as SQLite's NOCASE does (ASCII letters only), live records.
    case email
    /// The folded name (`TextKey.fold`), live records.
    case nameKey
    /// The exact name, case-insensitive, live records.
    case name

    /// The compared expression and whether deleted records are excluded.
    var sql: (column: String, compare: String, liveOnly: Bool) {
        switch self {
        case .id: ("id", "id", false)
        case .externalID: ("external_id", "external_id", true)
        case .email: ("email", "email COLLATE NOCASE", true)
        case .nameKey: ("name_key", "name_key", true)
        case .name: ("name", "name COLLATE NOCASE", true)
        }
    }
}

extension ChangeRecorder {
    /// True when a record of `kind` with this id exists, live or deleted.
    public func exists(_ kind: EntityKind, _ id: RecordID) throws -> Bool {
        // Cached: an import runs these few statements once or twice per row.
        let statement = try db.cachedStatement(sql: "SELECT 1 FROM \(kind.table) WHERE id = ?")
        return try Bool.fetchOne(statement, arguments: [id.rawValue]) ?? false
    }

    /// The first record of `kind` (lowest local number) whose `key` is `value`.
    public func first(_ kind: EntityKind, where key: RecordKey, is value: String) throws -> RecordID? {
        let (_, compare, liveOnly) = key.sql
        let live = liveOnly ? "deleted = 0 AND " : ""
        let statement = try db.cachedStatement(
            sql: "SELECT id FROM \(kind.table) WHERE \(live)\(compare) = ? ORDER BY num LIMIT 1")
        return try String.fetchOne(statement, arguments: [value]).flatMap(RecordID.init)
    }

    /// Which of `values` some record of `kind` has as its `key`, as stored (one query for a
    /// whole batch: `IN (SELECT value FROM json_each(?))`, one cached statement at any size).
    public func present(_ kind: EntityKind, _ key: RecordKey, among values: some Collection<String>) throws -> [String]
    {
        guard !values.isEmpty else { return [] }
        let (column, compare, liveOnly) = key.sql
        let live = liveOnly ? "deleted = 0 AND " : ""
        let statement = try db.cachedStatement(
            sql: "SELECT \(column) FROM \(kind.table) WHERE \(live)\(compare) IN (SELECT value FROM json_each(?))")
        let json = "[" + values.map(JSONText.quote).joined(separator: ",") + "]"
        return try String.fetchAll(statement, arguments: [json])
    }

    /// The pipeline's live stages by id, name and kind.
    public func liveStages() throws -> [(id: RecordID, name: String, kind: StageKind)] {
        try Row.fetchAll(db, sql: "SELECT id, name, kind FROM stages WHERE deleted = 0").compactMap { row in
            guard let id = RecordID(row["id"] as String), let kind = StageKind(rawValue: row["kind"]) else {
                return nil
            }
            return (id, row["name"], kind)
        }
    }

    /// One live record with every schema field, as this transaction sees it.
    public func record(_ kind: EntityKind, _ id: RecordID) throws -> StoredRecord? {
        try Store.records(db, kind, limit: 1, where: "id = ?", arguments: [id.rawValue]).first
    }

    /// The ids of the records of `kind` whose reference field `field` points at `target`.
    ///
    /// `field` must be one of `kind`'s link fields (`company_id`, `contact_id`, ...).
    public func ids(_ kind: EntityKind, linking field: String, to target: RecordID) throws -> [RecordID] {
        guard kind.field(field) != nil else { throw StoreError.unknownField(kind: kind, field: field) }
        return try String.fetchAll(
            db, sql: "SELECT id FROM \(kind.table) WHERE \(field) = ?", arguments: [target.rawValue]
        ).compactMap(RecordID.init)
    }
}
