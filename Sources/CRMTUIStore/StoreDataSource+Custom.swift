// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI

extension StoreDataSource {
    /// A record's custom-field values for the detail view, under their names in definition order
    /// (issue 19); retired fields and values without a definition on this device are left out.
    func customFields(_ ref: RecordRef) throws -> [RecordDetail.Field] {
        guard FieldDefinition.customizable.contains(ref.kind) else { return [] }
        let values = try store.customValues(of: ref.kind, id: ref.id)
        guard !values.isEmpty else { return [] }
        return try store.fieldDefinitions(of: ref.kind).compactMap { definition in
            guard let value = values[definition.key] else { return nil }
            return RecordDetail.Field(
                name: definition.wireField, label: definition.name, value: try display(value, definition))
        }
    }

    /// A link shows the record's kind and number, a person the teammate's name.
    private func display(_ value: JSONValue, _ definition: FieldDefinition) throws -> String {
        if case .string(let text) = value, let id = RecordID(text) {
            if definition.type == .person { return try store.users().first { $0.id == id }?.name ?? text }
            if let target = definition.target, let num = try store.num(of: target, id: id) {
                return "\(target.label) #\(num)"
            }
        }
        return CustomValueRules.display(value, for: definition)
    }
}

extension StoreDataSource {
    /// The kind's live custom fields as form fields: a one-of is picked from its choices, a bool
    /// from yes and no, a person and a link completed as their built-in kin are.
    public func customFormFields(_ kind: EntityKind) throws -> [FormSchema.Field] {
        guard FieldDefinition.customizable.contains(kind) else { return [] }
        return try store.fieldDefinitions(of: kind).map { definition in
            let rule: FormSchema.Rule =
                switch definition.type {
                case .oneOf: .oneOf(definition.choices)
                case .bool: .oneOf(["yes", "no"])
                case .date: .date
                case .person: .person
                case .link: .link(definition.target ?? .contact)
                default: .text
                }
            return FormSchema.Field(
                definition.wireField, definition.name, rule, required: definition.required,
                default: definition.defaultText ?? "")
        }
    }

    /// The form's custom-field entries (`custom.<key>`) as typed text by key, for `RecordDraft.custom`.
    static func custom(_ fields: [String: String]) -> [String: String] {
        var custom: [String: String] = [:]
        for (name, text) in fields {
            if let key = FieldDefinition.key(ofWireField: name) { custom[key] = text }
        }
        return custom
    }
}
