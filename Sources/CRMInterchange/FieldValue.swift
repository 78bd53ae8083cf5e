// crm — a terminal-first CRM. Licensed under the MIT License.

/// A typed, normalised value of one imported field.
///
/// The row mapper turns cell text into these so that the store receives values it can write as
/// they are: money as minor units plus an ISO 4217 code (never a Double), dates as `YYYY-MM-DD`,
/// timestamps as milliseconds since 1970 UTC, tags as a list.
public enum FieldValue: Sendable, Hashable, Codable {
    case text(String)
    case integer(Int64)
    case bool(Bool)
    /// Minor units (cents) and the ISO 4217 currency code.
    case money(minorUnits: Int64, currency: String)
    /// A calendar date, `YYYY-MM-DD`.
    case date(String)
    /// Milliseconds since 1970 UTC.
    case timestamp(Int64)
    case tags([String])

    /// The value as text, for reports, CSV export and reference lookups.
    public var text: String {
        switch self {
        case .text(let value), .date(let value): value
        case .integer(let value), .timestamp(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .money(let minor, let currency): MoneyParser.format(minorUnits: minor, currency: currency) + " " + currency
        case .tags(let values): values.joined(separator: "; ")
        }
    }
}
