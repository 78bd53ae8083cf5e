// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// Time formatting and parsing for the CLI, in the user's time zone.
enum Clock {
    /// Seconds east of UTC of the local zone (TZ respected).
    static var offsetSeconds: Int { TimeZone.current.secondsFromGMT() }

    /// Parses an absolute or relative time ("2026-12-01 14:00", "tomorrow", "+3d").
    static func parse(_ text: String, nowMillis: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) -> Int64? {
        WhenParser.parse(text, nowMillis: nowMillis, timeZoneOffsetSeconds: offsetSeconds)
    }

    /// ISO 8601 UTC with milliseconds, the JSON form of every timestamp.
    static func iso(_ millis: Int64?) -> JSONValue {
        millis.map(HLC.isoMillis).jsonValue
    }

    /// "2026-12-01 14:00" in local time, for tables.
    static func local(_ millis: Int64?) -> String {
        guard let millis else { return "" }
        let civil = CivilTime(unixSeconds: Int((millis / 1000)) + offsetSeconds)
        return String(format: "%04d-%02d-%02d %02d:%02d", civil.year, civil.month, civil.day, civil.hour, civil.minute)
    }
}
