// crm — a terminal-first CRM. Licensed under the MIT License.

/// Reads the times people type for due dates: "today", "tomorrow", "+3d", "2026-12-01 14:00".
///
/// Dates without a time mean the end of that working day (17:00 local), which is what "due
/// Friday" means to a sales rep; relative forms count from now. Everything comes back as UTC
/// milliseconds.
public enum WhenParser {
    /// Parses `text` relative to `nowMillis` in a zone `timeZoneOffsetSeconds` east of UTC.
    public static func parse(_ text: String, nowMillis: Int64, timeZoneOffsetSeconds: Int) -> Int64? {
        let lower = text.trimmingCharacters(in: .whitespaces).lowercased()
        let offset = Int64(timeZoneOffsetSeconds) * 1000
        let localNow = nowMillis + offset
        let startOfToday = localNow - ((localNow % 86_400_000) + 86_400_000) % 86_400_000
        let endOfDay: Int64 = 17 * 3_600_000
        switch lower {
        case "now": return nowMillis
        case "today": return startOfToday + endOfDay - offset
        case "tomorrow": return startOfToday + 86_400_000 + endOfDay - offset
        default: break
        }
        if lower.hasPrefix("+"), let unit = lower.last, let amount = Int64(lower.dropFirst().dropLast()), amount >= 0 {
            let scale: Int64? =
                switch unit {
                case "m": 60_000
                case "h": 3_600_000
                case "d": 86_400_000
                case "w": 7 * 86_400_000
                default: nil
                }
            if let scale { return nowMillis + amount * scale }
            return nil
        }
        return parseAbsolute(lower, offset: offset, endOfDay: endOfDay)
    }

    static func parseAbsolute(_ text: String, offset: Int64, endOfDay: Int64) -> Int64? {
        var body = text.replacingOccurrences(of: "t", with: " ")
        var explicitUTC = false
        if body.hasSuffix("z") {
            explicitUTC = true
            body.removeLast()
        }
        let pieces = body.split(separator: " ")
        guard let datePart = pieces.first, let date = try? CalendarDate(String(datePart)) else { return nil }
        var civil = CivilTime(year: date.year, month: date.month, day: date.day)
        var millis: Int64 = 0
        if pieces.count == 2 {
            let clock = pieces[1].split(separator: ":")
            guard (2...3).contains(clock.count), let hour = Int(clock[0]), let minute = Int(clock[1]) else {
                return nil
            }
            civil.hour = hour
            civil.minute = minute
            if clock.count == 3 {
                let secondParts = clock[2].split(separator: ".")
                guard let second = Int(secondParts[0]) else { return nil }
                civil.second = second
                if secondParts.count == 2,
                    let fraction = Int(secondParts[1].prefix(3).padding(toLength: 3, withPad: "0", startingAt: 0))
                {
                    millis = Int64(fraction)
                }
            }
            guard civil.isValidDate else { return nil }
        } else if pieces.count == 1 {
            return Int64(civil.unixSeconds) * 1000 + endOfDay - offset
        } else {
            return nil
        }
        return Int64(civil.unixSeconds) * 1000 + millis - (explicitUTC ? 0 : offset)
    }
}
