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
