// crm — a terminal-first CRM. Licensed under the MIT License.

/// Reads the times people type for due dates: "today", "tomorrow 9:30", "friday 15:00",
/// "next monday", "in 3 days", "+3d", "2026-12-01 14:00".
///
/// Dates without a time mean the end of that working day (17:00 local), which is what "due
/// Friday" means to a sales rep; relative forms count from now. A weekday is the next one after
/// today ("next" may precede it). Everything comes back as UTC milliseconds.
public enum WhenParser {
    /// The accepted forms, for error messages.
    public static let forms =
        "now, today, tomorrow, a weekday (friday, next monday), in 3 days, in 2 hours, +3d, +2h, +30m, +1w, "
        + "2026-12-01 or 2026-12-01 14:00; a day may take a time (friday 15:00, tomorrow 9:30)"

    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

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
        if let relative = parseWords(lower, nowMillis: nowMillis, startOfToday: startOfToday, endOfDay: endOfDay) {
            return relative - (lower.hasPrefix("in ") ? 0 : offset)
        }
        return parseAbsolute(lower, offset: offset, endOfDay: endOfDay)
    }

    /// "in 3 days", and a day word ("today", "tomorrow", a weekday, "next friday") with an
    /// optional "HH:MM"; local milliseconds for day words, UTC for "in …".
    static func parseWords(_ text: String, nowMillis: Int64, startOfToday: Int64, endOfDay: Int64) -> Int64? {
        var words = text.split(separator: " ").map(String.init)
        if words.count == 3, words[0] == "in", let amount = Int64(words[1]), amount >= 0 {
            let unit = words[2].hasSuffix("s") ? String(words[2].dropLast()) : words[2]
            let scale: Int64? =
                switch unit {
                case "minute", "min": 60_000
                case "hour": 3_600_000
                case "day": 86_400_000
                case "week": 7 * 86_400_000
                default: nil
                }
            return scale.map { nowMillis + amount * $0 }
        }
        var timeOfDay = endOfDay
        if words.count >= 2, let clock = words.last, let millis = clockMillis(clock) {
            timeOfDay = millis
            words.removeLast()
        }
        if words.first == "next", words.count == 2 { words.removeFirst() }
        guard words.count == 1 else { return nil }
        let day: Int64
        switch words[0] {
        case "today": day = startOfToday
        case "tomorrow": day = startOfToday + 86_400_000
        default:
            guard let target = weekdays.firstIndex(where: { $0 == words[0] || $0.prefix(3) == words[0] }) else {
                return nil
            }
            let today = Int(((startOfToday / 86_400_000) + 3) % 7)  // 1970-01-01 was a Thursday
            let ahead = (target - today + 7) % 7
            day = startOfToday + Int64(ahead == 0 ? 7 : ahead) * 86_400_000
        }
        return day + timeOfDay
    }

    /// "15:00" or "9:30" as milliseconds after midnight.
    static func clockMillis(_ text: String) -> Int64? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour),
            (0..<60).contains(minute), parts[1].count == 2
        else { return nil }
        return Int64(hour * 3600 + minute * 60) * 1000
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
