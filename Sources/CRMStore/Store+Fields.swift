// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB

/// Custom fields (issue 19): defining them, and the values records hold.
extension Store {
    /// The roles that may define custom fields, as the server's role rules allow.
    public static let fieldDefinerRoles: Set<String> = ["admin", "manager"]

    /// The custom fields of `kind`, in the order they were defined; retired ones only if asked.
    public func fieldDefinitions(of kind: EntityKind, includeRetired: Bool = false) throws -> [FieldDefinition] {
        try read { db in try CustomDefinitions.all(db, kind: kind) }.filter { includeRetired || !$0.retired }
    }

    /// The custom field of `kind` named `handle` (its display name or key, without case).
    public func fieldDefinition(_ kind: EntityKind, _ handle: String, includeRetired: Bool = false) throws
        -> FieldDefinition
    {
        let wanted = handle.trimmed().lowercased()
        let key = FieldDefinition.key(for: handle)
        let all = try fieldDefinitions(of: kind, includeRetired: includeRetired)
        if let match = all.first(where: { $0.name.lowercased() == wanted }) ?? all.first(where: { $0.key == key }) {
            return match
        }
        throw StoreError.unknownField(kind: kind, field: handle)
    }

    /// Defines a custom field; refuses a name taken on the kind, or a definition that cannot hold values.
    @discardableResult
    public func defineField(_ definition: FieldDefinition) throws -> FieldDefinition {
        try defineFields([definition])
        return definition
    }

    /// Defines several custom fields in one transaction: all of them, or none if one is refused.
    public func defineFields(_ definitions: [FieldDefinition]) throws {
        try checkMayDefineFields()
        var taken: [EntityKind: [FieldDefinition]] = [:]
        for definition in definitions {
            try Self.checkDefinition(definition)
            let others = try taken[definition.entity] ?? fieldDefinitions(of: definition.entity, includeRetired: true)
            if let clash = others.first(where: {
                $0.key == definition.key || $0.name.lowercased() == definition.name.lowercased()
            }) {
                throw StoreError.conflict(
                    "\(definition.entity.plural) already have a field '\(clash.name)'; choose another name "
                        + "(or crm field rename \(definition.entity.rawValue) \"\(clash.name)\" NEW)")
            }
            if !Self.isFreeName(definition.key, of: definition.entity) {
                throw StoreError.conflict(
                    "'\(definition.name)' is a built-in field of \(definition.entity.plural); choose another name")
            }
            taken[definition.entity] = others + [definition]
        }
        try write { recorder in
            for definition in definitions {
                try recorder.create(.field, id: definition.id, definition.fieldValues)
            }
        }
    }

    /// Whether `key` names no built-in field of `kind` (`--set` and `--where` look those up first).
    public static func isFreeName(_ key: String, of kind: EntityKind) -> Bool { kind.field(key) == nil }

    /// Renames a custom field; its key, and so its values on every device, stay as they are.
    public func renameField(_ kind: EntityKind, _ handle: String, to newName: String) throws {
        try checkMayDefineFields()
        let definition = try fieldDefinition(kind, handle, includeRetired: true)
        let name = newName.trimmed()
        guard !name.isEmpty else { throw StoreError.invalid(.empty(field: "name")) }
        let others = try fieldDefinitions(of: kind, includeRetired: true).filter { $0.id != definition.id }
        if others.contains(where: { $0.name.lowercased() == name.lowercased() }) || kind.field(name.lowercased()) != nil
        {
            throw StoreError.conflict("\(kind.plural) already have a field '\(name)'; choose another name")
        }
        try write { recorder in try recorder.update(.field, id: definition.id, ["name": .text(name)]) }
    }

    /// Retires a custom field: hidden from forms and lists, no new values; kept values stay.
    public func retireField(_ kind: EntityKind, _ handle: String) throws {
        try checkMayDefineFields()
        let definition = try fieldDefinition(kind, handle)
        try write { recorder in try recorder.update(.field, id: definition.id, ["retired": .bool(true)]) }
    }

    /// The custom values of one record, by key (values of unknown keys included).
    public func customValues(of kind: EntityKind, id: RecordID) throws -> [String: JSONValue] {
        try read { db in
            guard
                let num = try Int64.fetchOne(
                    db, sql: "SELECT num FROM \(kind.table) WHERE id = ?", arguments: [id.rawValue])
            else { throw StoreError.notFound(kind: kind, handle: id.rawValue) }
            return try CustomValues.read(db, kind: kind, num: num)
        }
    }

    /// The custom values of the records of `kind` numbered in `nums`, by number then key (exports
    /// read them a range at a time).
    public func customValues(of kind: EntityKind, nums: ClosedRange<Int64>) throws -> [Int64: [String: JSONValue]] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT entity_num, field_key, value FROM custom_values WHERE entity = ? AND entity_num BETWEEN ? AND ?",
                arguments: [kind.rawValue, nums.lowerBound, nums.upperBound])
            var values: [Int64: [String: JSONValue]] = [:]
            for row in rows {
                values[row["entity_num"], default: [:]][row["field_key"]] = JSONValue(jsonText: row["value"]) ?? .null
            }
            return values
        }
    }

    /// The custom values of the records of `kind` with these numbers (a list page), by number then key.
    public func customValues(of kind: EntityKind, nums: [Int64]) throws -> [Int64: [String: JSONValue]] {
        try read { db in
            var values: [Int64: [String: JSONValue]] = [:]
            for start in stride(from: 0, to: nums.count, by: 500) {
                let chunk = Array(nums[start..<min(start + 500, nums.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT entity_num, field_key, value FROM custom_values WHERE entity = ? AND entity_num IN (\(marks))",
                    arguments: StatementArguments([kind.rawValue] + chunk.map { $0 as any DatabaseValueConvertible }))
                for row in rows {
                    values[row["entity_num"], default: [:]][row["field_key"]] =
                        JSONValue(jsonText: row["value"]) ?? .null
                }
            }
            return values
        }
    }

    /// Refuses a definition by a role the server would refuse (reps and agents).
    func checkMayDefineFields() throws {
        let role = try syncSetting("role") ?? currentUser()?.role
        guard let role, !Self.fieldDefinerRoles.contains(role) else { return }
        throw StoreError.conflict(
            "your role '\(role)' may not define custom fields; ask an admin or a manager")
    }

    static func checkDefinition(_ definition: FieldDefinition) throws {
        guard !definition.name.trimmed().isEmpty, !definition.key.isEmpty else {
            throw StoreError.invalid(.empty(field: "name"))
        }
        guard FieldDefinition.customizable.contains(definition.entity) else {
            throw StoreError.conflict(
                "custom fields belong to \(FieldDefinition.customizable.map(\.rawValue).joined(separator: ", ")), "
                    + "not to \(definition.entity.plural)")
        }
        switch definition.type {
        case .oneOf, .manyOf:
            guard !definition.choices.isEmpty else {
                throw StoreError.invalid(
                    .empty(field: "choices (a \(definition.type.rawValue) field needs --choices A,B,C)"))
            }
        case .link:
            guard definition.target != nil else {
                throw StoreError.invalid(.empty(field: "target (a link field needs --to contact|company|deal|case)"))
            }
        default: break
        }
        if let text = definition.defaultText {
            do {
                _ = try CustomValueRules.parse(text, for: definition)
            } catch { throw StoreError.invalid(error) }
        }
    }
}
