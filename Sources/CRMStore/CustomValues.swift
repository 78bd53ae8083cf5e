// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB

/// The `custom_values` table: one row per record and custom field (issue 19).
///
/// A value is kept as the wire's JSON, plus a text or a number read from the JSON's shape alone
/// (no definition needed), so a value that arrives before its definition, or from a newer
/// definition, is kept and indexed all the same.
enum CustomValues {
    /// The text and number that filters and sorts compare, from the value's JSON shape.
    static func sortColumns(_ value: JSONValue) -> (text: String?, number: Double?) {
        switch value {
        case .string(let text): (text, nil)
        case .int(let number): (nil, Double(number))
        case .double(let number): (nil, number)
        case .bool(let flag): (nil, flag ? 1 : 0)
        case .array(let items): (items.compactMap(\.stringValue).joined(separator: ", "), nil)
        case .object(let object):
            (object["currency"]?.stringValue, object["amount"]?.stringValue.flatMap(Double.init))
        case .null: (nil, nil)
        }
    }

    /// Writes (or, for null, removes) one value.
    static func write(_ db: Database, kind: EntityKind, num: Int64, key: String, value: JSONValue) throws {
        if value.isNull {
            try db.cachedStatement(
                sql: "DELETE FROM custom_values WHERE entity = ? AND entity_num = ? AND field_key = ?"
            )
            .execute(arguments: [kind.rawValue, num, key])
            return
        }
        let (text, number) = sortColumns(value)
        try db.cachedStatement(
            sql: """
                INSERT INTO custom_values (entity, entity_num, field_key, value, text_value, num_value)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (entity, entity_num, field_key) DO UPDATE SET value = excluded.value,
                    text_value = excluded.text_value, num_value = excluded.num_value
                """
        ).execute(arguments: [kind.rawValue, num, key, value.jsonText, text, number])
    }

    /// Every custom value of one record, by key.
    static func read(_ db: Database, kind: EntityKind, num: Int64) throws -> [String: JSONValue] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT field_key, value FROM custom_values WHERE entity = ? AND entity_num = ?"),
            arguments: [kind.rawValue, num])
        var values: [String: JSONValue] = [:]
        for row in rows { values[row["field_key"]] = JSONValue(jsonText: row["value"]) ?? .null }
        return values
    }

    /// The words of a record's custom values that full-text search should find: its text,
    /// choices and dates (numbers and ids are left out).
    static func searchText(_ db: Database, kind: EntityKind, num: Int64) throws -> String {
        let rows = try String.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT text_value FROM custom_values
                    WHERE entity = ? AND entity_num = ? AND text_value IS NOT NULL AND num_value IS NULL
                    """), arguments: [kind.rawValue, num])
        return rows.filter { RecordID($0) == nil }.joined(separator: " ")
    }

    /// Whether the database has any custom value of `kind` (a search document only then reads them).
    static func any(_ db: Database, kind: EntityKind) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM custom_values WHERE entity = ?)"),
            arguments: [kind.rawValue]) ?? false
    }
}
