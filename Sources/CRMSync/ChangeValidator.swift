// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// Checks a change record against `EntitySchema`: entity, field, value type, ids and clocks.
///
/// Runs on the server before anything is stored (an unknown field or wrong type is a 422), and
/// on the client before a change is queued, so a bad value is caught where it was typed.
public enum ChangeValidator {
    /// Throws `SyncValidationError` if `change` is not a well-formed change the schema allows.
    public static func validate(_ change: WireChange) throws(SyncValidationError) {
        let id = change.changeID
        guard RecordID(change.changeID) != nil else {
            throw .invalidChange(changeID: id, reason: "change_id is not a UUID")
        }
        guard change.deviceSeq >= 1 else { throw .invalidChange(changeID: id, reason: "device_seq must be ≥ 1") }
        guard change.txID >= 1, change.txID <= change.deviceSeq else {
            throw .invalidChange(changeID: id, reason: "tx_id must be between 1 and the change's device_seq")
        }
        guard change.clock != nil else {
            throw .invalidChange(
                changeID: id,
                reason: "hlc '\(change.hlc)' is not of the form 2026-11-24T10:15:03.123Z-0001-9f2c4e1a7b3d5e60")
        }
        guard change.baseClock != nil else {
            throw .invalidChange(changeID: id, reason: "base_hlc '\(change.baseHLC ?? "")' is not a wire HLC")
        }
        guard let kind = change.kind else { throw .unknownEntity(changeID: id, entity: change.entity) }
        guard RecordID(change.entityID) != nil else {
            throw .invalidChange(changeID: id, reason: "entity_id '\(change.entityID)' is not a UUID")
        }
        try validateOperation(change, kind: kind)
    }

    static func validateOperation(_ change: WireChange, kind: EntityKind) throws(SyncValidationError) {
        let id = change.changeID
        switch change.op {
        case .conflict:
            throw .invalidChange(changeID: id, reason: "op 'conflict' is written by the server only")
        case .delete, .restore:
            guard change.field == nil, change.value.isNull else {
                throw .invalidChange(changeID: id, reason: "op '\(change.op.rawValue)' takes no field and no value")
            }
        case .create:
            try validateCreate(change, kind: kind)
        case .set:
            guard let name = change.field else { throw .invalidChange(changeID: id, reason: "op 'set' needs a field") }
            if try isCustom(name, of: change, kind: kind) { return }
            guard let spec = kind.field(name) else {
                throw .unknownField(changeID: id, entity: change.entity, field: name)
            }
            if let reason = problem(with: change.value, for: spec) {
                throw .invalidValue(changeID: id, entity: change.entity, field: name, reason: reason)
            }
        }
    }

    /// A create takes no field; its value is null or an object of initial fields, each checked
    /// like a `set` of that field.
    static func validateCreate(_ change: WireChange, kind: EntityKind) throws(SyncValidationError) {
        let id = change.changeID
        guard change.field == nil else { throw .invalidChange(changeID: id, reason: "op 'create' takes no field") }
        if change.value.isNull { return }
        guard case .object(let fields) = change.value else {
            throw .invalidChange(changeID: id, reason: "a create's value must be null or an object of initial fields")
        }
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            if try isCustom(name, of: change, kind: kind) { continue }
            guard let spec = kind.field(name) else {
                throw .unknownField(changeID: id, entity: change.entity, field: name)
            }
            if let reason = problem(with: value, for: spec) {
                throw .invalidValue(changeID: id, entity: change.entity, field: name, reason: reason)
            }
        }
    }

    /// Whether `name` is a custom field's value (`custom.<key>` on a kind that has custom fields).
    ///
    /// Its shape is checked here; its value against the tenant's definitions by the server's
    /// push planner, which holds them (`CustomValueRules`).
    static func isCustom(_ name: String, of change: WireChange, kind: EntityKind) throws(SyncValidationError) -> Bool {
        guard let key = FieldDefinition.key(ofWireField: name), FieldDefinition.customizable.contains(kind) else {
            return false
        }
        guard key.count <= 64, key.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }), key == key.lowercased()
        else {
            throw .unknownField(changeID: change.changeID, entity: change.entity, field: name)
        }
        return true
    }

    /// Why `value` does not fit `spec`, or nil if it does.
    ///
    /// First the exact JSON type (no number where a string belongs, no 1.5 for an integer), then
    /// CRMCore's own `FieldSpec.validate`, so the server accepts exactly what devices can apply.
    ///
    /// The typed value is made from the `JSONValue` itself: once its JSON type is checked, writing
    /// it as JSON text and parsing that back (with `JSONDecoder`) gave the same value, at 1.2 % of
    /// a loaded server's samples (Docs/BENCHMARKS.md, 2026-12-06, fifteenth session).
    public static func problem(with value: JSONValue, for spec: FieldSpec) -> String? {
        if let problem = jsonProblem(with: value, for: spec) { return problem }
        do {
            try spec.validate(FieldValue(json: value, type: spec.type, field: spec.name))
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func jsonProblem(with value: JSONValue, for spec: FieldSpec) -> String? {
        if value.isNull { return spec.required ? "the field is required and cannot be cleared" : nil }
        switch spec.type {
        case .text, .phone:
            return value.stringValue == nil ? "expected a string" : nil
        case .email:
            guard let text = value.stringValue, text.contains("@") else { return "expected an email address" }
            return nil
        case .integer, .timestamp:
            if case .int = value { return nil }
            return spec.type == .timestamp ? "expected milliseconds since 1970 as an integer" : "expected an integer"
        case .bool:
            if case .bool = value { return nil }
            return "expected true or false"
        case .money:
            return moneyProblem(value)
        case .date:
            return isDate(value.stringValue) ? nil : "expected a date YYYY-MM-DD"
        case .reference(let target):
            guard let text = value.stringValue, RecordID(text) != nil else {
                return "expected the id of a \(target.rawValue)"
            }
            return nil
        case .tags, .list:
            guard case .array(let items) = value, items.allSatisfy({ $0.stringValue != nil }) else {
                return "expected an array of strings"
            }
            return nil
        case .choice(let options):
            guard let text = value.stringValue, options.contains(text) else {
                return "expected one of \(options.joined(separator: ", "))"
            }
            return nil
        }
    }

    static func moneyProblem(_ value: JSONValue) -> String? {
        let expected = "expected {\"amount\":\"123.45\",\"currency\":\"EUR\"}"
        guard case .object(let object) = value, object.count == 2,
            let amount = object["amount"]?.stringValue, let currency = object["currency"]?.stringValue
        else { return expected }
        guard amount.wholeMatch(of: /-?[0-9]{1,15}(\.[0-9]{1,4})?/) != nil else {
            return "amount '\(amount)' is not a decimal string like \"123.45\""
        }
        guard currency.wholeMatch(of: /[A-Z]{3}/) != nil else {
            return "currency '\(currency)' is not a 3-letter ISO code like \"EUR\""
        }
        return nil
    }

    static func isDate(_ text: String?) -> Bool {
        guard let text, let match = text.wholeMatch(of: /([0-9]{4})-([0-9]{2})-([0-9]{2})/),
            let month = Int(match.2), let day = Int(match.3)
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
