// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMAnalytics
import CRMCore
import Foundation

/// The period options every report takes: `--from`, `--to`, `--period`.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First day, YYYY-MM-DD (local time zone).", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Last day, YYYY-MM-DD, included (default: today with --from).", valueName: "date"))
    var to: String?
    @Option(help: ArgumentHelp("Cut the range into calendar periods: month or quarter.", valueName: "unit")) var period:
        String?

    func validate() throws {
        if let from { _ = try Self.date(from, "--from") }
        if let to {
            _ = try Self.date(to, "--to")
            if from == nil { throw ValidationError("--to needs --from") }
        }
        if let period, AnalyticsPeriod.Unit(rawValue: period.lowercased()) == nil {
            throw ValidationError("--period must be month or quarter, not '\(period)'")
        }
    }

    /// The user's time zone (TZ respected).
    var zone: TimeZone { TimeZone.current }

    var unit: AnalyticsPeriod.Unit? { period.flatMap { AnalyticsPeriod.Unit(rawValue: $0.lowercased()) } }

    /// The windows to report: the range cut by `--period`, the range whole, or all time (nil).
    func windows(now: Int64) throws -> [AnalyticsPeriod?] {
        guard let range = try range(now: now) else {
            return unit.map { [AnalyticsPeriod.containing(now, unit: $0, in: zone)] } ?? [nil]
        }
        guard let unit else { return [try AnalyticsPeriod.days(from: range.from, to: range.to, in: zone)] }
        return try AnalyticsPeriod.split(from: range.from, to: range.to, unit: unit, in: zone)
    }

    /// Calendar periods only (the forecast): the range cut by `--period` (default month), or the current one.
    func calendarPeriods(now: Int64) throws -> [AnalyticsPeriod] {
        let unit = unit ?? .month
        guard let range = try range(now: now) else { return [AnalyticsPeriod.containing(now, unit: unit, in: zone)] }
        return try AnalyticsPeriod.split(from: range.from, to: range.to, unit: unit, in: zone)
    }

    private func range(now: Int64) throws -> (from: CalendarDate, to: CalendarDate)? {
        guard let from else { return nil }
        let first = try Self.date(from, "--from")
        let last = try to.map { try Self.date($0, "--to") } ?? AnalyticsPeriod.localDay(of: now, in: zone)
        guard first <= last else {
            throw Failure.usage(PeriodError.emptyRange(from: first.text, to: last.text).description)
        }
        return (first, last)
    }

    private static func date(_ text: String, _ option: String) throws -> CalendarDate {
        do { return try CalendarDate(text, field: option) } catch {
            throw ValidationError("\(option) '\(text)' is not a date like 2026-11-30")
        }
    }
}
