// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// A half-open span of time `[start, end)` cut on calendar days of one time zone.
///
/// Forecasts and win rates are asked "for November" or "for Q4" by a person in a place: a deal
/// won at 23:30 on 31 October in New York is an October deal there, though UTC says November.
/// The period keeps both forms: UTC milliseconds for timestamps (`closed_at`) and the local
/// calendar dates for date-only fields (`close_date`, `YYYY-MM-DD`).
///
/// ```swift
/// let q4 = AnalyticsPeriod.quarter(containing: now, in: TimeZone(identifier: "Asia/Tokyo")!)
/// q4.label   // "2026-Q4"
/// ```
public struct AnalyticsPeriod: Hashable, Sendable, CustomStringConvertible {
    /// How a range is cut into periods.
    public enum Unit: String, Sendable, CaseIterable {
        case month, quarter
    }

    /// The first instant of the period, UTC milliseconds.
    public let start: Int64
    /// The first instant after the period, UTC milliseconds.
    public let end: Int64
    /// The first local calendar day in the period.
    public let firstDay: CalendarDate
    /// The first local calendar day after the period.
    public let endDay: CalendarDate
    /// "2026-11", "2026-Q4", or "2026-11-03..2026-11-20".
    public let label: String

    public var description: String { label }

    /// Whether a UTC timestamp falls in the period.
    public func contains(_ millis: Int64) -> Bool { millis >= start && millis < end }

    /// The days `from...to` (both included) as one period.
    public static func days(from: CalendarDate, to: CalendarDate, in zone: TimeZone) throws -> AnalyticsPeriod {
        guard from <= to else { throw PeriodError.emptyRange(from: from.text, to: to.text) }
        let after = next(day: to)
        return AnalyticsPeriod(
            start: millis(of: from, in: zone), end: millis(of: after, in: zone), firstDay: from, endDay: after,
            label: "\(from.text)..\(to.text)")
    }

    /// The calendar month or quarter that contains `millis` in `zone`.
    public static func containing(_ millis: Int64, unit: Unit, in zone: TimeZone) -> AnalyticsPeriod {
        let day = localDay(of: millis, in: zone)
        return starting(
            year: day.year, month: unit == .month ? day.month : (day.month - 1) / 3 * 3 + 1, unit: unit, in: zone)
    }

    /// The calendar month that contains `millis` in `zone`.
    public static func month(containing millis: Int64, in zone: TimeZone) -> AnalyticsPeriod {
        containing(millis, unit: .month, in: zone)
    }

    /// The calendar quarter that contains `millis` in `zone`.
    public static func quarter(containing millis: Int64, in zone: TimeZone) -> AnalyticsPeriod {
        containing(millis, unit: .quarter, in: zone)
    }

    /// The months or quarters that overlap `from...to`, each whole.
    public static func split(from: CalendarDate, to: CalendarDate, unit: Unit, in zone: TimeZone) throws
        -> [AnalyticsPeriod]
    {
        guard from <= to else { throw PeriodError.emptyRange(from: from.text, to: to.text) }
        var period = containing(millis(of: from, in: zone), unit: unit, in: zone)
        var result = [period]
        while period.endDay <= to {
            period = starting(year: period.endDay.year, month: period.endDay.month, unit: unit, in: zone)
            result.append(period)
        }
        return result
    }

    static func starting(year: Int, month: Int, unit: Unit, in zone: TimeZone) -> AnalyticsPeriod {
        let first = CalendarDate(year: year, month: month, day: 1)
        let months = unit == .month ? 1 : 3
        let endMonth = month + months
        let after = CalendarDate(
            year: endMonth > 12 ? year + 1 : year, month: endMonth > 12 ? endMonth - 12 : endMonth, day: 1)
        let label =
            unit == .month
            ? String(format: "%04d-%02d", year, month) : String(format: "%04d-Q%d", year, (month - 1) / 3 + 1)
        return AnalyticsPeriod(
            start: millis(of: first, in: zone), end: millis(of: after, in: zone), firstDay: first, endDay: after,
            label: label)
    }

    /// The local calendar day of a UTC instant.
    public static func localDay(of millis: Int64, in zone: TimeZone) -> CalendarDate {
        let seconds = Int(floorDivide(millis, 1000))
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let civil = CivilTime(unixSeconds: seconds + offset)
        return CalendarDate(year: civil.year, month: civil.month, day: civil.day)
    }

    /// Local midnight at the start of `day` in `zone`, as UTC milliseconds.
    ///
    /// The offset is looked up for the instant itself, so a day after a daylight-saving change
    /// starts at its own offset (tries the offset of the UTC guess, then corrects once).
    public static func millis(of day: CalendarDate, in zone: TimeZone) -> Int64 {
        let utc = CivilTime(year: day.year, month: day.month, day: day.day).unixSeconds
        let guess = utc - zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc)))
        return Int64(utc - zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess)))) * 1000
    }

    static func next(day: CalendarDate) -> CalendarDate {
        let civil = CivilTime(
            unixSeconds: CivilTime(year: day.year, month: day.month, day: day.day).unixSeconds + 86_400)
        return CalendarDate(year: civil.year, month: civil.month, day: civil.day)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }
}
