// crm — a terminal-first CRM. Licensed under the MIT License.

/// A calendar day without a time, `YYYY-MM-DD`, such as a deal's expected close date.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses strict ISO `YYYY-MM-DD`, refusing impossible dates such as 2026-02-30.
    public init(_ text: String, field: String = "date") throws {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            CivilTime(year: year, month: month, day: day).isValidDate
        else { throw DomainError.invalidDate(field: field, value: text) }
        self.year = year
        self.month = month
        self.day = day
    }

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The `YYYY-MM-DD` text.
    public var text: String {
        let pad = { (value: Int, width: Int) in
            String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { text }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
