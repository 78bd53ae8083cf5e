// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore

/// A record's custom-field values in `show` and `--json` output (issue 19).
enum CustomFieldOutput {
    /// "Renewal date: 2027-03-01" lines, in the order the fields were defined; retired fields and
    /// values of keys this device has no definition for are left out.
    static func lines(_ kind: EntityKind, _ id: RecordID, store: Store) throws -> [(String, String?)] {
        guard FieldDefinition.customizable.contains(kind) else { return [] }
        let values = try store.customValues(of: kind, id: id)
        guard !values.isEmpty else { return [] }
        return try store.fieldDefinitions(of: kind).compactMap { definition in
            guard let value = values[definition.key] else { return nil }
            return (definition.name, display(value, definition, store: store))
        }
    }

    /// `{"renewal_date": "2027-03-01", "region": "North"}`: every value by key, as the wire has it.
    static func json(_ kind: EntityKind, _ id: RecordID, store: Store) throws -> JSONValue {
        guard FieldDefinition.customizable.contains(kind) else { return .object([:]) }
        return .object(try store.customValues(of: kind, id: id))
    }

    /// List rows with each record's `custom` values, read for the page's records at once.
    static func rows(_ kind: EntityKind, _ rows: [(Int64, [String: JSONValue])], store: Store) throws
        -> [[String: JSONValue]]
    {
        guard FieldDefinition.customizable.contains(kind), !rows.isEmpty else { return rows.map(\.1) }
        let values = try store.customValues(of: kind, nums: rows.map(\.0))
        return rows.map { num, object in
            var object = object
            object["custom"] = .object(values[num] ?? [:])
            return object
        }
    }

    static func display(_ value: JSONValue, _ definition: FieldDefinition, store: Store) -> String {
        if case .string(let text) = value, let id = RecordID(text) {
            if definition.type == .person { return People.name(id) }
            if let target = definition.target, let num = try? store.num(of: target, id: id) {
                return "\(target.label) #\(num)"
            }
        }
        return CustomValueRules.display(value, for: definition)
    }
}
