// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation

/// A record's custom-field values in `show` and `--json` output (issue 19).
enum CustomFieldOutput {
    /// "Renewal date: 2027-03-01" lines, in the order the fields were defined; retired fields and
    /// values of keys this device has no definition for are left out.
    static func lines(_ kind: EntityKind, _ id: RecordID, store: CRMStore) throws -> [(String, String?)] {
        guard FieldDefinition.customizable.contains(kind) else { return [] }
        let values = try store.customValues(of: kind, id: id)
        guard !values.isEmpty else { return [] }
        return try store.fieldDefinitions(of: kind).compactMap { definition in
            guard let value = values[definition.key] else { return nil }
            return (definition.name, display(value, definition, store: store))
        }
    }

    /// `{"renewal_date": "2027-03-01", "region": "North"}`: every value by key, as the wire has it.
    static func json(_ kind: EntityKind, _ id: RecordID, store: CRMStore) throws -> [String: Any] {
        guard FieldDefinition.customizable.contains(kind) else { return [:] }
        return try store.customValues(of: kind, id: id).mapValues(any)
    }

    /// List rows with each record's `custom` values, read for the page's records at once.
    static func rows(_ kind: EntityKind, _ rows: [(Int64, [String: Any])], store: CRMStore) throws -> [[String: Any]] {
        guard FieldDefinition.customizable.contains(kind), !rows.isEmpty else { return rows.map(\.1) }
        let values = try store.customValues(of: kind, nums: rows.map(\.0))
        return rows.map { num, object in
            var object = object
            object["custom"] = (values[num] ?? [:]).mapValues(any)
            return object
        }
    }

    static func display(_ value: JSONValue, _ definition: FieldDefinition, store: CRMStore) -> String {
        if case .string(let text) = value, let id = RecordID(text) {
            if definition.type == .person { return People.name(id) }
            if let target = definition.target, let num = try? store.num(of: target, id: id) {
                return "\(target.label) #\(num)"
            }
        }
        return CustomValueRules.display(value, for: definition)
    }

    /// A JSON value as `JSONSerialization` writes it.
    static func any(_ value: JSONValue) -> Any {
        switch value {
        case .null: NSNull()
        case .bool(let flag): flag
        case .int(let number): number
        case .double(let number): number
        case .string(let text): text
        case .array(let items): items.map(any)
        case .object(let object): object.mapValues(any)
        }
    }
}
