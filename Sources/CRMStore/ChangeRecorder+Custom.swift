// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB

extension ChangeRecorder {
    /// The custom fields defined for `kind` (retired ones too), as this device holds them.
    public func fieldDefinitions(of kind: EntityKind) throws -> [FieldDefinition] {
        try CustomDefinitions.all(db, kind: kind)
    }

    /// Sets custom-field values of a record, by field key; null clears one.
    ///
    /// Each value is checked against its definition (`CustomValueRules`, the server's rules) and
    /// only values that change are written: one `set` of `custom.<key>` per value in the change
    /// log, the value in `custom_values`, its stamp in the row's `field_hlc`, and the search
    /// document refreshed. Returns false when nothing changed.
    @discardableResult
    public func setCustom(_ kind: EntityKind, id: RecordID, _ input: [String: JSONValue]) throws -> Bool {
        guard !input.isEmpty else { return false }
        let definitions = Dictionary(
            try fieldDefinitions(of: kind).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for (key, value) in input {
            guard let definition = definitions[key] else {
                throw StoreError.unknownField(kind: kind, field: FieldDefinition.prefix + key)
            }
            if let problem = CustomValueRules.problem(with: value, for: definition) {
                throw StoreError.invalid(
                    .outOfRange(field: definition.name, value: value.jsonText, range: problem))
            }
        }
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM \(kind.table) WHERE id = ?"), arguments: [id.rawValue])
        else { throw StoreError.notFound(kind: kind, handle: id.rawValue) }
        let num: Int64 = row["num"]
        let current = try CustomValues.read(db, kind: kind, num: num)
        let changed = input.filter { $0.value != (current[$0.key] ?? .null) }.sorted { $0.key < $1.key }
        guard !changed.isEmpty else { return false }
        let hlc = clock.tick(nowMillis: physicalMillis)
        var stamps = FieldClock(hlc: row["hlc"], device: row["hlc_device"], json: row["field_hlc"])
        for (key, value) in changed {
            let field = FieldDefinition.prefix + key
            try append(
                kind, id, op: "set", field: field, value: value.jsonText, hlc: hlc, base: stamps.stamp(of: field).hlc)
            stamps.fields[field] = FieldClock.Stamp(hlc: hlc, device: deviceID)
            try CustomValues.write(db, kind: kind, num: num, key: key, value: value)
        }
        try newDocuments.flush(db)
        try db.cachedStatement(sql: "UPDATE \(kind.table) SET updated_at = ?, field_hlc = ? WHERE num = ?")
            .execute(arguments: [nowMillis, stamps.json, num])
        if (row["deleted"] as Int64) == 0 {
            try Derived.index(db, kind: kind, num: num, values: Self.values(of: kind, in: row))
        }
        return true
    }
}

/// Reads the definitions held in `field_definitions`.
enum CustomDefinitions {
    static func all(_ db: Database, kind: EntityKind) throws -> [FieldDefinition] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM field_definitions WHERE entity = ? AND deleted = 0 ORDER BY num"),
            arguments: [kind.rawValue])
        return rows.compactMap(definition(from:))
    }

    static func definition(from row: Row) -> FieldDefinition? {
        guard let id = RecordID(row["id"] as String) else { return nil }
        var values: [String: JSONValue] = [:]
        for (name, value) in ChangeRecorder.values(of: .field, in: row) { values[name] = value.jsonValue }
        return FieldDefinition(id: id, values: values)
    }
}
