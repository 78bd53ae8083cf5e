// crm — a terminal-first CRM. Licensed under the MIT License.

/// A business-hours calendar the domain refuses, saying what to write instead.
public enum BusinessCalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownTimeZone(String)
    case noWorkingDays
    case unknownDay(String)
    case invalidHours(String)
    case invalidHoliday(String)

    public var description: String {
        switch self {
        case .unknownTimeZone(let zone):
            "time zone '\(zone)' is not an IANA zone name (e.g. Europe/Berlin, America/New_York, UTC)"
        case .noWorkingDays:
            "a calendar needs at least one working day (e.g. --days mon-fri)"
        case .unknownDay(let day):
            "day '\(day)' is not one of mon, tue, wed, thu, fri, sat, sun (write ranges as mon-fri)"
        case .invalidHours(let hours):
            "hours '\(hours)' are not HH:MM-HH:MM with the opening before the closing on the same day "
                + "(e.g. 09:00-17:00; 24:00 is midnight at the end)"
        case .invalidHoliday(let date):
            "holiday '\(date)' is not a date (expected YYYY-MM-DD, comma-separated)"
        }
    }
}
