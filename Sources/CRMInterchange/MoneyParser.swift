// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Reads amounts as exports write them: `1124741.15`, `$1,234.56`, `1.234,56 €`, `EUR 1 234,56`,
/// `(1,200.00)`, `1'234.50`.
///
/// Amounts become integer minor units (never a Double, SPEC §2). The decimal separator is the
/// last `.` or `,` when both appear; a single separator followed by exactly three digits is a
/// thousands separator (`1,234` and `1.234` are both one thousand two hundred thirty-four).
public enum MoneyParser {
    /// Symbols and the ISO 4217 codes they stand for.
    static let symbols: [(String, String)] = [
        ("US$", "USD"), ("CA$", "CAD"), ("A$", "AUD"), ("R$", "BRL"), ("CHF", "CHF"), ("$", "USD"), ("€", "EUR"),
        ("£", "GBP"), ("¥", "JPY"), ("₹", "INR"), ("₩", "KRW"), ("zł", "PLN"), ("kr", "SEK"),
    ]

    /// Digits after the decimal point for currencies that do not use two.
    static let exponents: [String: Int] = [
        "JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0, "HUF": 2, "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3,
    ]

    /// How many minor-unit digits `currency` has (2 unless listed).
    public static func exponent(of currency: String) -> Int { exponents[currency] ?? 2 }

    /// Parses `text`; the currency is the one written in the text, else `currency`.
    ///
    /// Returns nil with a reason in `failure` when the text is not an amount.
    public static func parse(_ text: String, currency fallback: String) -> Result<FieldValue, ValueError> {
        var body = text.trimmingCharacters(in: .whitespaces)
        var negative = false
        if body.hasPrefix("(") && body.hasSuffix(")") {
            negative = true
            body = String(body.dropFirst().dropLast())
        }
        var currency = fallback.uppercased()
        if let (symbol, code) = symbols.first(where: { body.contains($0.0) }) {
            currency = code
            body = body.replacingOccurrences(of: symbol, with: "")
        }
        let letters = body.filter(\.isLetter)
        if letters.count == 3 && body.uppercased().contains(letters.uppercased()) {
            currency = letters.uppercased()
            body = body.replacingOccurrences(of: letters, with: "")
        }
        body = body.filter { !$0.isWhitespace && $0 != "'" && $0 != "\u{2019}" }
        if body.hasPrefix("-") {
            negative.toggle()
            body.removeFirst()
        } else if body.hasPrefix("+") {
            body.removeFirst()
        }
        guard let minor = minorUnits(body, exponent: exponent(of: currency)) else {
            return .failure(ValueError("'\(text)' is not an amount (expected e.g. 1234.56, $1,234.56 or 1.234,56 €)"))
        }
        return .success(.money(minorUnits: negative ? -minor : minor, currency: currency))
    }

    static func minorUnits(_ body: String, exponent: Int) -> Int64? {
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else {
            return nil
        }
        let (integer, fraction) = split(body)
        guard !integer.isEmpty || !fraction.isEmpty, fraction.count <= max(exponent, 0) || fraction.allSatisfy({ $0 == "0" })
        else { return nil }
        let digits = integer + String(fraction.prefix(exponent)).padding(toLength: exponent, withPad: "0", startingAt: 0)
        return Int64(digits.isEmpty ? "0" : digits)
    }

    /// Splits into integer digits and fraction digits, deciding which separator is the decimal one.
    static func split(_ body: String) -> (String, String) {
        let separators = body.filter { $0 == "." || $0 == "," }
        guard let last = body.lastIndex(where: { $0 == "." || $0 == "," }) else { return (body, "") }
        let tail = body[body.index(after: last)...]
        let kinds = Set(separators)
        let decimalAtLast = kinds.count == 2 || (separators.count == 1 && tail.count != 3)
        if decimalAtLast {
            let head = body[..<last].filter(\.isNumber)
            return (String(head), String(tail))
        }
        return (body.filter(\.isNumber), "")
    }

    /// Formats minor units as a decimal string (`123456`, USD → `1234.56`), the wire form of SYNC.md.
    public static func format(minorUnits: Int64, currency: String) -> String {
        let exponent = exponent(of: currency)
        guard exponent > 0 else { return String(minorUnits) }
        let magnitude = minorUnits.magnitude
        var scale: UInt64 = 1
        for _ in 0..<exponent { scale *= 10 }
        let fraction = String(magnitude % scale)
        let padded = String(repeating: "0", count: exponent - fraction.count) + fraction
        return (minorUnits < 0 ? "-" : "") + String(magnitude / scale) + "." + padded
    }
}
