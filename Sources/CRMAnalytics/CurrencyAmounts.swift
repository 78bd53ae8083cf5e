// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore

/// Sums of money kept apart by currency: analytics never adds euros to dollars.
///
/// There is no exchange rate in a local CRM, and a total that silently mixed currencies would be
/// wrong by the rate; so every amount figure is a list of per-currency sums, in code order.
///
/// ```swift
/// var totals = CurrencyAmounts()
/// totals.add(120_000, "USD")
/// totals.add(5_000, "EUR")
/// totals.money.map(\.description)   // ["50.00 EUR", "1200.00 USD"]
/// ```
public struct CurrencyAmounts: Hashable, Sendable {
    /// Minor units per ISO code.
    public private(set) var minorUnits: [String: Int64] = [:]

    public init() {}

    /// Sums from `(code, minor units)` pairs.
    public init(_ pairs: [(String, Int64)]) {
        for (code, amount) in pairs { add(amount, code) }
    }

    /// Adds minor units in one currency.
    public mutating func add(_ amount: Int64, _ code: String) {
        minorUnits[code, default: 0] += amount
    }

    /// Adds every currency of another sum.
    public mutating func add(_ other: CurrencyAmounts) {
        for (code, amount) in other.minorUnits { add(amount, code) }
    }

    /// This sum minus another, per currency (currencies that end at zero stay listed).
    public func subtracting(_ other: CurrencyAmounts) -> CurrencyAmounts {
        var result = self
        for (code, amount) in other.minorUnits { result.add(-amount, code) }
        return result
    }

    /// The minor units of one currency (zero if absent).
    public subscript(code: String) -> Int64 { minorUnits[code] ?? 0 }

    /// The ISO codes present, sorted.
    public var codes: [String] { minorUnits.keys.sorted() }

    public var isEmpty: Bool { minorUnits.isEmpty }

    /// The sums as `Money`, in code order; codes the currency table does not know are skipped.
    public var money: [Money] {
        codes.compactMap { code in
            guard let currency = try? Currency(code) else { return nil }
            return Money(minorUnits: self[code], currency: currency)
        }
    }

    /// Rounds sums of `amount × percent` to minor units: divide by 100, half away from zero.
    public static func fromPercentWeighted(_ weighted: [String: Int64]) -> CurrencyAmounts {
        var result = CurrencyAmounts()
        for (code, value) in weighted { result.add(roundedPercent(value), code) }
        return result
    }

    /// `value / 100` rounded half away from zero.
    public static func roundedPercent(_ value: Int64) -> Int64 {
        value >= 0 ? (value + 50) / 100 : -((-value + 50) / 100)
    }
}
