// crm — a terminal-first CRM. Licensed under the MIT License.

/// An amount of money as integer minor units and an ISO 4217 code; never a Double.
public struct MoneyAmount: Sendable, Hashable {
    public var minorUnits: Int64
    public var currency: String

    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Currencies without minor units; every other code is taken to have two decimals.
    static let zeroDecimalCurrencies: Set<String> = ["JPY", "KRW", "VND", "CLP", "ISK", "HUF", "TWD", "UGX"]

    var decimals: Int { Self.zeroDecimalCurrencies.contains(currency) ? 0 : 2 }

    /// The full amount with grouping: "12,000.50 USD".
    public var formatted: String {
        let scale = decimals == 0 ? Int64(1) : 100
        let magnitude = minorUnits.magnitude
        let whole = grouped(magnitude / UInt64(scale))
        let sign = minorUnits < 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole) \(currency)" }
        let cents = magnitude % UInt64(scale)
        return "\(sign)\(whole).\(cents < 10 ? "0" : "")\(cents) \(currency)"
    }

    /// A short form for narrow columns: "12.0k USD", "3.4M EUR".
    public var compact: String {
        let scale = decimals == 0 ? 1.0 : 100.0
        let value = Double(minorUnits) / scale
        let sign = value < 0 ? "-" : ""
        let size = abs(value)
        let text: String
        switch size {
        case 1_000_000_000...: text = oneDecimal(size / 1_000_000_000) + "B"
        case 1_000_000...: text = oneDecimal(size / 1_000_000) + "M"
        case 1_000...: text = oneDecimal(size / 1_000) + "k"
        default: text = String(Int(size))
        }
        return "\(sign)\(text) \(currency)"
    }

    private func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded(.down))
        return "\(tenths / 10).\(tenths % 10)"
    }

    private func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}
