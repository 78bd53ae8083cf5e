// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// The working time an SLA clock counts: working days, daily hours and holidays in one time zone.
///
/// Hours are wall-clock times in `timeZone`, so a DST change moves them with the local clock
/// (09:00 stays 09:00) and a day keeps its length of working time. A holiday is a whole local
/// day off. Shifts across midnight are not supported: `opens` is before `closes` on one day.
public struct BusinessCalendar: Hashable, Sendable {
    /// A day of the week by its Gregorian number (Sunday 1 … Saturday 7).
    public enum Weekday: Int, CaseIterable, Sendable, Comparable {
        case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday

        /// The three-letter name used in `--days`.
        public var name: String { ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][rawValue - 1] }

        /// Monday first, as a working week is written.
        var mondayFirst: Int { (rawValue + 5) % 7 }

        public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.mondayFirst < rhs.mondayFirst }
    }

    /// The longest span one computation walks, in days: ten years, beyond any SLA window.
    static let maxDays = 3660

    public let timeZone: TimeZone
    public let workingDays: Set<Weekday>
    /// Minutes after local midnight the working day starts and ends (`closes` up to 1440).
    public let opens: Int
    public let closes: Int
    public let holidays: Set<CalendarDate>
    private let calendar: Calendar

    public init(
        timeZone identifier: String, workingDays: Set<Weekday>, opens: Int, closes: Int,
        holidays: Set<CalendarDate> = []
    ) throws(BusinessCalendarError) {
        guard let zone = TimeZone(identifier: identifier) else { throw .unknownTimeZone(identifier) }
        guard !workingDays.isEmpty else { throw .noWorkingDays }
        guard opens >= 0, closes <= 1440, opens < closes else {
            throw .invalidHours(Self.hoursText(opens, closes))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.timeZone = zone
        self.workingDays = workingDays
        self.opens = opens
        self.closes = closes
        self.holidays = holidays
        self.calendar = calendar
    }

    /// A calendar from the text the CLI takes and the record stores: `days` like `mon-fri` or
    /// `mon,wed,fri`, `hours` like `09:00-17:00`, `holidays` as comma-separated `YYYY-MM-DD`.
    public init(timeZone: String, days: String, hours: String, holidays: String) throws(BusinessCalendarError) {
        let (opens, closes) = try Self.parseHours(hours)
        try self.init(
            timeZone: timeZone, workingDays: try Self.parseDays(days), opens: opens, closes: closes,
            holidays: try Self.parseHolidays(holidays))
    }

    /// The working days as stored: `mon,tue,wed,thu,fri`.
    public var daysText: String { workingDays.sorted().map(\.name).joined(separator: ",") }

    /// The working hours as stored: `09:00-17:00`.
    public var hoursText: String { Self.hoursText(opens, closes) }

    /// The holidays as stored, in date order.
    public var holidaysText: String { holidays.sorted().map(\.text).joined(separator: ",") }

    /// The instant `millis` of working time after `start`: the SLA due time of a window.
    ///
    /// Zero gives `start` itself; a window that ends exactly at closing time is due then, not at
    /// the next opening. Past `maxDays` of walking (a window longer than ten years) gives
    /// `Int64.max`, never due.
    public func adding(_ millis: Int64, to start: Int64) -> Int64 {
        guard millis > 0 else { return start }
        var remaining = millis
        var day = calendar.startOfDay(for: Self.date(start))
        for _ in 0..<Self.maxDays {
            if let (open, close) = hours(on: day) {
                let from = max(open, start)
                if from < close {
                    if remaining <= close - from { return from + remaining }
                    remaining -= close - from
                }
            }
            day = nextDay(day)
        }
        return Int64.max
    }

    /// The working time between two instants; zero when `end` is not after `start`.
    public func workingMillis(from start: Int64, to end: Int64) -> Int64 {
        guard end > start else { return 0 }
        var total: Int64 = 0
        var day = calendar.startOfDay(for: Self.date(start))
        for _ in 0..<Self.maxDays {
            guard Self.millis(day) < end else { break }
            if let (open, close) = hours(on: day) {
                total += max(0, min(close, end) - max(open, start))
            }
            day = nextDay(day)
        }
        return total
    }

    /// Whether a local day is worked, by weekday and holidays.
    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        guard let day = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)),
            let weekday = Weekday(rawValue: calendar.component(.weekday, from: day))
        else { return false }
        return workingDays.contains(weekday) && !holidays.contains(date)
    }

    /// Opening and closing instants of the local day starting at `day`, or nil when it is not worked.
    private func hours(on day: Date) -> (Int64, Int64)? {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
        guard let year = parts.year, let month = parts.month, let date = parts.day,
            let weekday = parts.weekday.flatMap(Weekday.init(rawValue:)), workingDays.contains(weekday),
            !holidays.contains(CalendarDate(year: year, month: month, day: date))
        else { return nil }
        return (instant(day, minute: opens), instant(day, minute: closes))
    }

    /// The instant of a local wall-clock minute on `day`, 1440 being the next midnight.
    private func instant(_ day: Date, minute: Int) -> Int64 {
        if minute >= 1440 { return Self.millis(nextDay(day)) }
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        let components = DateComponents(
            year: parts.year, month: parts.month, day: parts.day, hour: minute / 60, minute: minute % 60)
        return Self.millis(calendar.date(from: components) ?? day)
    }

    private func nextDay(_ day: Date) -> Date {
        let next = calendar.date(byAdding: .day, value: 1, to: day) ?? day.addingTimeInterval(86_400)
        return calendar.startOfDay(for: next)
    }

    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
