// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// The `INSERT` of a new record: one statement per kind, naming every field's columns.
///
/// A field the create leaves out is bound as NULL, which is what leaving its column out of the
/// statement would store (no field column has a default). One fixed text per kind means the
/// statement is prepared once and found in GRDB's cache by a string built once, instead of a
/// statement text assembled and hashed for every record of a bulk load.
enum CreateStatement {
    private static let texts: [EntityKind: String] = Dictionary(
        uniqueKeysWithValues: EntityKind.allCases.map { ($0, text(for: $0)) })

    /// The statement text for `kind`.
    static func sql(_ kind: EntityKind) -> String { texts[kind] ?? text(for: kind) }

    /// The values to bind, in the order of `sql(kind)`'s columns.
    static func values(
        _ kind: EntityKind, id: RecordID, fields: [String: FieldValue], updatedAt: Int64, hlc: HLC, device: String
    ) -> [DatabaseValue] {
        var values: [DatabaseValue] = [id.rawValue.databaseValue]
        values.reserveCapacity(kind.fields.count + 6)
        for spec in kind.fields {
            values += FieldColumns.databaseValues(fields[spec.name] ?? .null, spec: spec)
        }
        values += [updatedAt.databaseValue, hlc.rawValue.databaseValue, device.databaseValue]
        if let key = Derived.nameKey(kind: kind, values: fields) { values.append(key.databaseValue) }
        return values
    }

    private static func text(for kind: EntityKind) -> String {
        var columns = ["id"] + kind.fields.flatMap(FieldColumns.columns(of:)) + ["updated_at", "hlc", "hlc_device"]
        if kind == .contact || kind == .company { columns.append("name_key") }
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ",")
        return "INSERT INTO \(kind.table) (\(columns.joined(separator: ","))) VALUES (\(marks))"
    }
}
