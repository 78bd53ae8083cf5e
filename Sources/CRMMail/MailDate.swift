// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// The Date header (RFC 5322 section 3.3), with the obsolete forms real mail still uses: no day
/// name, two-digit years, zone names (`EST`, `GMT`) and a trailing comment `(PDT)`.
enum MailDate {
    static func parse(_ text: String) -> Date? {
        var value = text
        if let comment = value.firstIndex(of: "(") { value = String(value[..<comment]) }
        value = value.trimmingMailSpace()
        if let comma = value.firstIndex(of: ",") { value = String(value[value.index(after: comma)...]) }
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count >= 4, let day = Int(words[0]), var year = Int(words[2]) else { return nil }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let month = months.firstIndex(of: String(words[1].prefix(3)).lowercased()) else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        let time = words[3].split(separator: ":").compactMap { Int($0) }
        guard time.count >= 2 else { return nil }
        let offset = words.count > 4 ? zoneOffset(words[4]) : 0
        var components = DateComponents()
        components.timeZone = TimeZone(secondsFromGMT: 0)
        components.year = year
        components.month = month + 1
        components.day = day
        components.hour = time[0]
        components.minute = time[1]
        components.second = time.count > 2 ? time[2] : 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        guard (1...31).contains(day), (0...23).contains(time[0]), let date = calendar.date(from: components) else {
            return nil
        }
        return date.addingTimeInterval(TimeInterval(-offset))
    }

    /// Seconds east of UTC for `+0200`, `-0500` or a zone name; 0 when unknown.
    private static func zoneOffset(_ zone: String) -> Int {
        if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let value = Int(zone.dropFirst()) {
            let seconds = (value / 100) * 3600 + (value % 100) * 60
            return sign == "-" ? -seconds : seconds
        }
        let names = ["EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7]
        return (names[zone.uppercased()] ?? 0) * 3600
    }
}
