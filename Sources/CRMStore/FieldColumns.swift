// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB

/// How one schema field maps onto table columns, both ways.
///
/// Money is the one field spread over two columns (`amount_minor`, `currency`), so that SQL can
/// sum amounts per currency without parsing JSON; everything else is one column named like the field.
enum FieldColumns {
    /// The columns that hold `spec`.
    static func columns(of spec: FieldSpec) -> [String] {
        if case .money = spec.type { return ["amount_minor", "currency"] }
        return [spec.name]
    }

    /// The database values to bind for `value` in the columns of `spec`.
    static func databaseValues(_ value: FieldValue, spec: FieldSpec) -> [DatabaseValue] {
        switch value {
        case .null:
            if case .money = spec.type { return [.null, .null] }
            return [.null]
        case .text(let text): return [text.databaseValue]
        case .integer(let number): return [number.databaseValue]
        case .bool(let flag): return [(flag ? 1 : 0).databaseValue]
        case .money(let money): return [money.minorUnits.databaseValue, money.currency.code.databaseValue]
        case .tags(let tags): return [tags.isEmpty ? .null : FieldValue.tags(tags).jsonText.databaseValue]
        }
    }

    /// Reads the value of `spec` from a fetched row.
    static func value(in row: Row, spec: FieldSpec) -> FieldValue {
        switch spec.type {
        case .money:
            guard let minor: Int64 = row["amount_minor"], let code: String = row["currency"],
                let currency = try? Currency(code)
            else { return .null }
            return .money(Money(minorUnits: minor, currency: currency))
        case .tags, .list:
            guard let text: String = row[spec.name] else { return .tags([]) }
            return .tags(decodeTags(text))
        case .bool:
            guard let number: Int64 = row[spec.name] else { return .null }
            return .bool(number != 0)
        case .integer, .timestamp:
            guard let number: Int64 = row[spec.name] else { return .null }
            return .integer(number)
        default:
            guard let text: String = row[spec.name] else { return .null }
            return .text(text)
        }
    }

    /// Tags are stored as a JSON array.
    static func decodeTags(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    /// Whether two values are the same for change detection (an empty tag list equals null).
    static func same(_ lhs: FieldValue, _ rhs: FieldValue) -> Bool {
        switch (lhs, rhs) {
        case (.tags(let tags), .null), (.null, .tags(let tags)): return tags.isEmpty
        default: return lhs == rhs
        }
    }
}
