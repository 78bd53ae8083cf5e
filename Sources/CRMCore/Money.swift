// crm — a terminal-first CRM. Licensed under the MIT License.

/// An amount of money: an integer of minor units and a currency, never a Double.
///
/// Binary floating point cannot hold 0.10 exactly, and a pipeline total summed from a million
/// doubles drifts; integers of cents do not.
///
/// ```swift
/// let money = try Money(parsing: "12000.50", currency: "EUR")   // 1200050 minor units
/// money.decimalString                                           // "12000.50"
/// ```
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Parses a plain decimal string ("12000.50", "7", "0.5"); rejects signs, letters, grouping
    /// and more fraction digits than the currency has.
    public init(parsing text: String, currency code: String, field: String = "amount") throws {
        let currency = try Currency(code, field: "currency")
        let trimmed = text.trimmed()
        guard !trimmed.isEmpty else { throw DomainError.empty(field: field) }
        if trimmed.hasPrefix("-") {
            throw DomainError.invalidAmount(field: field, value: text, reason: "amounts cannot be negative")
        }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty || parts.count == 2,
            whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else {
            throw DomainError.invalidAmount(field: field, value: text, reason: "use digits and one '.' like 12000.50")
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }), !(parts.count == 2 && fraction.isEmpty) else {
            throw DomainError.invalidAmount(field: field, value: text, reason: "use digits and one '.' like 12000.50")
        }
        guard fraction.count <= currency.minorDigits else {
            throw DomainError.invalidAmount(
                field: field, value: text, reason: "\(currency.code) has \(currency.minorDigits) decimal places")
        }
        guard whole.count <= 15 else {
            throw DomainError.invalidAmount(field: field, value: text, reason: "too large")
        }
        let padded = fraction + String(repeating: "0", count: currency.minorDigits - fraction.count)
        let wholeValue = Int64(whole.isEmpty ? "0" : String(whole)) ?? 0
        var scale: Int64 = 1
        for _ in 0..<currency.minorDigits { scale *= 10 }
        self.init(minorUnits: wholeValue * scale + (Int64(padded) ?? 0), currency: currency)
    }

    /// The amount as a decimal string with the currency's digits ("12000.50", "300" for JPY).
    public var decimalString: String {
        let digits = currency.minorDigits
        guard digits > 0 else { return String(minorUnits) }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = minorUnits.magnitude
        let fraction = String(magnitude % UInt64(scale))
        return
            "\(sign)\(magnitude / UInt64(scale)).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
    }

    /// "12,000.50 EUR": grouped for people.
    public var formatted: String {
        let plain = decimalString
        let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(parts[0])
        let negative = whole.hasPrefix("-")
        if negative { whole.removeFirst() }
        var grouped = ""
        for (index, char) in whole.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(",") }
            grouped.append(char)
        }
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        return (negative ? "-" : "") + String(grouped.reversed()) + fraction + " " + currency.code
    }

    public var description: String { "\(decimalString) \(currency.code)" }
}
