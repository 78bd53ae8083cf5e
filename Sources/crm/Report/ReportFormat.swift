// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMAnalytics
import CRMCore
import Foundation

/// Shared shapes of the reports: JSON values for scripts and cells for tables.
enum ReportFormat {
    /// `[{"amount": "1400.00", "currency": "USD"}]`: decimal strings, one object per currency.
    static func amounts(_ amounts: CurrencyAmounts) -> JSONValue {
        .array(amounts.money.map { ["amount": $0.decimalString.jsonValue, "currency": $0.currency.code.jsonValue] })
    }

    /// A minor-unit figure of one currency as a decimal string.
    static func amount(_ minor: Int64, _ code: String) -> String {
        (try? Currency(code)).map { Money(minorUnits: minor, currency: $0).decimalString } ?? String(minor)
    }

    /// A ratio rounded to 4 decimals (`0.4413`; `1` when whole), or null.
    static func rate(_ value: Double?) -> JSONValue {
        value.map { ($0 * 10_000).rounded() / 10_000 }.jsonValue
    }

    /// A number of days or minutes rounded to 2 decimals (`47.29`; `44` when whole), or null.
    static func figure(_ value: Double?) -> JSONValue {
        value.map { ($0 * 100).rounded() / 100 }.jsonValue
    }

    /// The window's fields: `period` label (or "all") and its first and last day.
    static func window(_ period: AnalyticsPeriod?) -> [String: JSONValue] {
        guard let period else { return ["period": "all", "from": .null, "to": .null] }
        return [
            "period": period.label.jsonValue, "from": period.firstDay.text.jsonValue,
            "to": lastDay(period).text.jsonValue,
        ]
    }

    /// A report's JSON document: its periods and the time zone they are cut in.
    static func document(_ periods: [JSONValue], zone: TimeZone) -> [String: JSONValue] {
        ["periods": .array(periods), "time_zone": zone.identifier.jsonValue]
    }

    /// One period of a report: the window's fields and `figures`.
    static func period(_ window: AnalyticsPeriod?, _ figures: [String: JSONValue]) -> JSONValue {
        .object(Self.window(window).merging(figures) { _, figure in figure })
    }

    static func lastDay(_ period: AnalyticsPeriod) -> CalendarDate {
        let civil = CivilTime(
            unixSeconds: CivilTime(year: period.endDay.year, month: period.endDay.month, day: period.endDay.day)
                .unixSeconds - 86_400)
        return CalendarDate(year: civil.year, month: civil.month, day: civil.day)
    }

    /// "1,400.00 USD, 500.00 EUR" for a table cell; "-" when empty.
    static func cell(_ amounts: CurrencyAmounts) -> String {
        amounts.isEmpty ? "-" : amounts.money.map(\.formatted).joined(separator: ", ")
    }

    /// "66.7%" or "-".
    static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
    }

    /// "27.5" or "-".
    static func number(_ value: Double?) -> String {
        value.map { String(format: "%.1f", $0) } ?? "-"
    }

    /// The heading above one window's table.
    static func heading(_ period: AnalyticsPeriod?) -> String {
        guard let period else { return "All time" }
        return "\(period.label) (\(period.firstDay.text) to \(lastDay(period).text))"
    }
}
