// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// The text forms of a calendar's days, hours and holidays, read and written.
extension BusinessCalendar {
    /// `mon-fri`, `mon,wed,fri`, `mon-thu,sat`: day names and ranges, Monday first.
    static func parseDays(_ text: String) throws(BusinessCalendarError) -> Set<Weekday> {
        var days: Set<Weekday> = []
        for part in text.lowercased().split(separator: ",") {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard ends.count <= 2 else { throw .unknownDay(String(part)) }
            let first = try day(ends[0])
            let last = try day(ends.count == 2 ? ends[1] : ends[0])
            guard first <= last else { throw .unknownDay(String(part)) }
            days.formUnion(Weekday.allCases.filter { first <= $0 && $0 <= last })
        }
        return days
    }

    private static func day(_ name: String) throws(BusinessCalendarError) -> Weekday {
        guard let day = Weekday.allCases.first(where: { $0.name == name }) else { throw .unknownDay(name) }
        return day
    }

    /// `09:00-17:00` as minutes after midnight.
    static func parseHours(_ text: String) throws(BusinessCalendarError) -> (Int, Int) {
        let ends = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard ends.count == 2, let opens = minute(ends[0]), let closes = minute(ends[1]) else {
            throw .invalidHours(text)
        }
        return (opens, closes)
    }

    private static func minute(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...24).contains(hour), (0..<60).contains(minute), hour * 60 + minute <= 1440
        else { return nil }
        return hour * 60 + minute
    }

    /// Comma-separated `YYYY-MM-DD`; empty text is no holidays.
    static func parseHolidays(_ text: String) throws(BusinessCalendarError) -> Set<CalendarDate> {
        var dates: Set<CalendarDate> = []
        for part in text.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let date = try? CalendarDate(trimmed) else { throw .invalidHoliday(trimmed) }
            dates.insert(date)
        }
        return dates
    }

    static func hoursText(_ opens: Int, _ closes: Int) -> String {
        let clock = { (minute: Int) in
            (minute / 60 < 10 ? "0" : "") + "\(minute / 60):" + (minute % 60 < 10 ? "0" : "") + "\(minute % 60)"
        }
        return "\(clock(opens))-\(clock(closes))"
    }
}
