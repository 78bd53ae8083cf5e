// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

extension Store {
    /// Typed custom-field text (by name or key) as values by key, checked before any write.
    ///
    /// A link names its record and a person a teammate the way the CLI's other options do; a
    /// new record gets each field's default, and must have every required field.
    public func customInput(_ kind: EntityKind, _ typed: [String: String], isNew: Bool) throws -> [String: JSONValue] {
        guard FieldDefinition.customizable.contains(kind) else {
            if let name = typed.keys.first { throw StoreError.unknownField(kind: kind, field: name) }
            return [:]
        }
        var values: [String: JSONValue] = [:]
        for (handle, text) in typed.sorted(by: { $0.key < $1.key }) {
            let definition = try fieldDefinition(kind, handle)
            values[definition.key] = try customValue(text, for: definition)
        }
        guard isNew else { return values }
        for definition in try fieldDefinitions(of: kind) where values[definition.key] == nil {
            if let text = definition.defaultText { values[definition.key] = try customValue(text, for: definition) }
            if definition.required && (values[definition.key] ?? .null).isNull {
                throw StoreError.missingRequired(kind: kind, field: definition.name)
            }
        }
        return values.filter { !$0.value.isNull || !isNew }
    }

    /// One typed value of `definition`; a `DomainError` naming the field if it does not fit.
    public func customValue(_ text: String, for definition: FieldDefinition) throws -> JSONValue {
        var text = text
        let trimmed = text.trimmed()
        if !trimmed.isEmpty {
            switch definition.type {
            case .link: text = try resolve(definition.target ?? .contact, trimmed).rawValue
            case .person: text = try resolveUser(trimmed).rawValue
            default: break
            }
        }
        do {
            return try CustomValueRules.parse(
                text, for: definition, currency: RecordDecoding.currencyFallback.code,
                nowMillis: Int64(Date().timeIntervalSince1970 * 1000),
                timeZoneOffsetSeconds: TimeZone.current.secondsFromGMT())
        } catch { throw StoreError.invalid(error) }
    }
}
