// crm — a terminal-first CRM. Licensed under the MIT License.

/// An ISO 4217 currency and the number of its minor-unit digits.
///
/// Amounts are stored as integers of minor units, so the digit count decides how a decimal
/// string like "12000.50" is read: two digits for EUR, none for JPY, three for KWD.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let minorDigits: Int

    /// Looks up a code case-insensitively; throws `DomainError.unknownCurrency` for others.
    public init(_ code: String, field: String = "currency") throws {
        let upper = code.uppercased()
        guard let digits = Currency.table[upper] else { throw DomainError.unknownCurrency(field: field, code: code) }
        self.code = upper
        self.minorDigits = digits
    }

    public var description: String { code }

    /// The symbol people type in front of amounts, for import ("€1.200,50").
    public static let symbols: [String: String] = [
        "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY",
        "R$": "BRL", "CHF": "CHF", "zł": "PLN", "kr": "SEK",
    ]

    /// Active ISO 4217 codes with their minor-unit digits (codes with two digits by default).
    static let table: [String: Int] = {
        var table: [String: Int] = [:]
        let twoDigit =
            "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY "
            + "COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR "
            + "ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWN "
            + "MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP "
            + "SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWL"
        for code in twoDigit.split(separator: " ") { table[String(code)] = 2 }
        for code in [
            "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF",
            "XPF",
        ] {
            table[code] = 0
        }
        for code in ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"] { table[code] = 3 }
        return table
    }()
}
