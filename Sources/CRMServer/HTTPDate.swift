// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Synchronization

/// The `Date` header of the answers the event loop writes itself (`InPlaceAnswer`), in the form
/// Hummingbird writes for the router's: RFC 9110's IMF-fixdate, formatted at most once a second.
///
/// Hummingbird's own cache of it is internal to that module, so the event loop's answers keep one
/// of their own; every origin server with a clock must send the header (RFC 9110, section 6.6.1).
final class HTTPDate: Sendable {
    private let cache = Mutex<(second: Int, text: String)>((-1, ""))

    /// The header's value for the current second.
    var now: String {
        let second = Int(time(nil))
        return cache.withLock { cached in
            if cached.second != second { cached = (second, Self.format(second)) }
            return cached.text
        }
    }

    /// `second` (since 1970, UTC) as `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func format(_ second: Int) -> String {
        var clock = time_t(second)
        var parts = tm()
        gmtime_r(&clock, &parts)
        let day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][Int(parts.tm_wday)]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
            Int(parts.tm_mon)]
        return "\(day), \(twoDigits(parts.tm_mday)) \(month) \(parts.tm_year + 1900) "
            + "\(twoDigits(parts.tm_hour)):\(twoDigits(parts.tm_min)):\(twoDigits(parts.tm_sec)) GMT"
    }

    private static func twoDigits(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
