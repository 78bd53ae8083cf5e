// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

extension FieldValue {
    /// The value as plain text, for reports, CSV export, vCards and reference lookups.
    public var plainText: String {
        switch self {
        case .null: ""
        case .text(let value): value
        case .integer(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .money(let money): money.decimalString
        case .tags(let values): values.joined(separator: "; ")
        }
    }

    /// A money value from minor units and a currency code already known to be valid.
    static func money(_ minorUnits: Int64, _ currency: Currency) -> FieldValue {
        .money(Money(minorUnits: minorUnits, currency: currency))
    }
}
