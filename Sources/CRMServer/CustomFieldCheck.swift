// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync

/// Checks custom-field values of a push against the tenant's definitions (issue 19).
///
/// Definitions are records of kind `field`; the push's state holds their registers (the
/// committed ones, read when the batch carries custom values, and those the push itself has
/// written so far), so a field defined earlier in the same push is known to the values after it.
/// The rules are CRMCore's `CustomValueRules`, the ones every device runs before it writes.
struct CustomFieldCheck {
    /// Definitions by entity, then key; rebuilt after the push writes a definition.
    private var cache: [String: [String: FieldDefinition]]?

    /// Forgets the definitions read so far (a change of kind `field` was just merged).
    mutating func invalidate() { cache = nil }

    /// The refusal of `change` if one of its custom values does not fit its definition (or has
    /// none); nil when it carries no custom value or all fit.
    mutating func refusal(_ change: WireChange, fields: [FieldKey: FieldVersion]) -> RejectedChange? {
        guard let kind = change.kind, FieldDefinition.customizable.contains(kind) else { return nil }
        var values: [(key: String, value: JSONValue)] = []
        switch change.op {
        case .set:
            guard let key = change.field.flatMap(FieldDefinition.key(ofWireField:)) else { return nil }
            values = [(key, change.value)]
        case .create:
            for (name, value) in change.initialFields {
                if let key = FieldDefinition.key(ofWireField: name) { values.append((key, value)) }
            }
        default: return nil
        }
        guard !values.isEmpty else { return nil }
        let known = definitions(fields)[change.entity] ?? [:]
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            let field = FieldDefinition.prefix + key
            guard let definition = known[key] else {
                return RejectedChange(
                    changeID: change.changeID, code: "invalid_value",
                    message: "invalid value for \(change.entity).\(field): no such custom field is defined "
                        + "for \(change.entity) (define it first: crm field add \(change.entity) NAME)")
            }
            if let problem = CustomValueRules.problem(with: value, for: definition) {
                return RejectedChange(
                    changeID: change.changeID, code: "invalid_value",
                    message: "invalid value for \(change.entity).\(field) ('\(definition.name)'): \(problem)")
            }
        }
        return nil
    }

    private mutating func definitions(_ fields: [FieldKey: FieldVersion]) -> [String: [String: FieldDefinition]] {
        if let cache { return cache }
        var registers: [String: [String: JSONValue]] = [:]
        for (key, version) in fields where key.entity == EntityKind.field.rawValue {
            registers[key.entityID, default: [:]][key.field] = version.value
        }
        var built: [String: [String: FieldDefinition]] = [:]
        for (id, values) in registers where values[FieldVersion.deletedField] != .bool(true) {
            guard let recordID = RecordID(id), let definition = FieldDefinition(id: recordID, values: values) else {
                continue
            }
            built[definition.entity.rawValue, default: [:]][definition.key] = definition
        }
        cache = built
        return built
    }
}
