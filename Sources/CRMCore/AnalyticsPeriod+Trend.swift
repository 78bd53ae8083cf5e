// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// The days and weeks a trend chart is drawn over: the last N local days or Monday-to-Sunday
/// weeks, the current (partial) one last.
///
/// ```swift
/// let weeks = AnalyticsPeriod.lastWeeks(12, endingAt: now, in: .current)
/// weeks.last!.label   // "2026-11-30..2026-12-06", the week containing now
/// ```
extension AnalyticsPeriod {
    /// The last `count` local calendar days up to and including the day of `millis`, oldest first.
    ///
    /// Each is labelled with its date ("2026-12-04").
    public static func lastDays(_ count: Int, endingAt millis: Int64, in zone: TimeZone) -> [AnalyticsPeriod] {
        let today = localDay(of: millis, in: zone)
        return (0..<max(0, count)).reversed().map { back in
            let day = today.adding(days: -back)
            let after = day.adding(days: 1)
            return AnalyticsPeriod(
                start: self.millis(of: day, in: zone), end: self.millis(of: after, in: zone), firstDay: day,
                endDay: after, label: day.text)
        }
    }

    /// The last `count` ISO weeks (Monday to Sunday, local time) up to and including the week of
    /// `millis`, oldest first; labelled "first..last day".
    public static func lastWeeks(_ count: Int, endingAt millis: Int64, in zone: TimeZone) -> [AnalyticsPeriod] {
        let today = localDay(of: millis, in: zone)
        let monday = today.adding(days: -today.weekdayFromMonday)
        return (0..<max(0, count)).reversed().map { back in
            let first = monday.adding(days: -7 * back)
            let after = first.adding(days: 7)
            return AnalyticsPeriod(
                start: self.millis(of: first, in: zone), end: self.millis(of: after, in: zone), firstDay: first,
                endDay: after, label: "\(first.text)..\(first.adding(days: 6).text)")
        }
    }
}

extension CalendarDate {
    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        let civil = CivilTime(unixSeconds: CivilTime(year: year, month: month, day: day).unixSeconds + days * 86_400)
        return CalendarDate(year: civil.year, month: civil.month, day: civil.day)
    }

    /// 0 for Monday through 6 for Sunday.
    public var weekdayFromMonday: Int {
        let days = CivilTime(year: year, month: month, day: day).unixSeconds / 86_400
        // 1970-01-01 was a Thursday (3 days after a Monday).
        return ((days + 3) % 7 + 7) % 7
    }
}
