// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation

/// Turns command-line text into validated field values before anything is written.
struct Inputs {
    private(set) var fields: [String: FieldValue] = [:]
    /// Custom-field values as typed, by the field's name; checked by the store against their definitions.
    private(set) var custom: [String: String] = [:]
    let kind: EntityKind

    init(_ kind: EntityKind) { self.kind = kind }

    /// Parses `text` for `field` if given; throws a `DomainError` naming the field.
    mutating func set(_ field: String, _ text: String?, currency: String = "USD") throws {
        guard let text else { return }
        guard let spec = kind.field(field) else { throw StoreError.unknownField(kind: kind, field: field) }
        fields[field] = try spec.parse(
            text, currency: currency, nowMillis: Self.now, timeZoneOffsetSeconds: Clock.offsetSeconds)
    }

    /// Applies `--set field=value` pairs.
    mutating func setPairs(_ pairs: [String]) throws {
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "=") else {
                throw Failure.usage("--set '\(pair)' must look like field=value")
            }
            let field = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
            if field == "amount" || field.hasSuffix("_id") {
                throw Failure.usage("--set cannot change \(field); use the command's own option")
            }
            let text = String(pair[pair.index(after: equals)...])
            if kind.field(field) == nil, FieldDefinition.customizable.contains(kind) {
                custom[field] = text
            } else {
                try set(field, text)
            }
        }
    }

    /// Stores an already-resolved value.
    mutating func put(_ field: String, _ value: FieldValue?) {
        if let value { fields[field] = value }
    }

    static var now: Int64 {
        if let pinned = ProcessInfo.processInfo.environment["CRM_NOW"],
            let millis = WhenParser.parse(pinned, nowMillis: 0, timeZoneOffsetSeconds: 0)
        {
            return millis
        }
        return Int64(Date().timeIntervalSince1970 * 1000)
    }
}

extension Store {
    /// Resolves an optional handle into a reference value.
    func reference(_ kind: EntityKind, _ handle: String?) throws -> FieldValue? {
        guard let handle else { return nil }
        if handle.isEmpty { return .null }
        return .text(try resolve(kind, handle).rawValue)
    }
}
