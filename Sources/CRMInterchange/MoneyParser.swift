// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// Reads amounts as exports write them: `1124741.15`, `$1,234.56`, `1.234,56 €`, `EUR 1 234,56`,
/// `(1,200.00)`, `1'234.50`.
///
/// Amounts become integer minor units (never a Double, SPEC §2). The decimal separator is the
/// last `.` or `,` when both appear; a single separator followed by exactly three digits is a
/// thousands separator (`1,234` and `1.234` are both one thousand two hundred thirty-four) except
/// in currencies with three decimals (`KWD 1.234`).
public enum MoneyParser {
    /// Symbols and the codes they stand for, longest first so `US$` wins over `$`.
    static let symbols: [(String, String)] =
        (Currency.symbols.map { ($0.key, $0.value) } + [
            ("US$", "USD"), ("CA$", "CAD"), ("A$", "AUD"), ("EUR", "EUR"),
        ]).sorted { $0.0.count > $1.0.count }

    /// Parses `text`; the currency is the one written in the text, else `currency`.
    public static func parse(_ text: String, currency fallback: String) -> Result<FieldValue, ValueError> {
        var body = text.trimmed()
        var negative = false
        if body.hasPrefix("(") && body.hasSuffix(")") {
            negative = true
            body = String(body.dropFirst().dropLast())
        }
        var code = fallback.uppercased()
        if let (symbol, symbolCode) = symbols.first(where: { body.contains($0.0) }) {
            code = symbolCode
            body = body.replacingOccurrences(of: symbol, with: "")
        }
        let letters = body.filter(\.isLetter)
        if letters.count == 3 {
            code = letters.uppercased()
            body = body.replacingOccurrences(of: letters, with: "")
        }
        body = body.filter { !$0.isWhitespace && $0 != "'" && $0 != "\u{2019}" }
        if body.hasPrefix("-") {
            negative = true
            body.removeFirst()
        } else if body.hasPrefix("+") {
            body.removeFirst()
        }
        guard let currency = try? Currency(code) else {
            return .failure(ValueError("'\(text)': '\(code)' is not an ISO 4217 currency code"))
        }
        guard let minor = minorUnits(body, exponent: currency.minorDigits) else {
            return .failure(ValueError("'\(text)' is not an amount (expected e.g. 1234.56, $1,234.56 or 1.234,56 €)"))
        }
        guard !negative || minor == 0 else {
            return .failure(ValueError("'\(text)' is negative; deal amounts cannot be negative"))
        }
        return .success(.money(Money(minorUnits: minor, currency: currency)))
    }

    static func minorUnits(_ body: String, exponent: Int) -> Int64? {
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else {
            return nil
        }
        let (integer, fraction) = split(body, exponent: exponent)
        guard !integer.isEmpty || !fraction.isEmpty,
            fraction.count <= max(exponent, 0) || fraction.allSatisfy({ $0 == "0" })
        else { return nil }
        let digits =
            integer + String(fraction.prefix(exponent)).padding(toLength: exponent, withPad: "0", startingAt: 0)
        return Int64(digits.isEmpty ? "0" : digits)
    }

    /// Splits into integer digits and fraction digits, deciding which separator is the decimal one.
    static func split(_ body: String, exponent: Int) -> (String, String) {
        let separators = body.filter { $0 == "." || $0 == "," }
        guard let last = body.lastIndex(where: { $0 == "." || $0 == "," }) else { return (body, "") }
        let tail = body[body.index(after: last)...]
        let kinds = Set(separators)
        let decimalAtLast = kinds.count == 2 || (separators.count == 1 && (tail.count != 3 || exponent == 3))
        if decimalAtLast {
            let head = body[..<last].filter(\.isNumber)
            return (String(head), String(tail))
        }
        return (body.filter(\.isNumber), "")
    }
}
