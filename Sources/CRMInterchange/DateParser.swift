// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// Why one cell's text is not a valid value for its field.
public struct ValueError: Error, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// Reads dates and timestamps in the forms exports use: ISO (`2024-11-10`,
/// `2024-01-23T02:21:49.000+0000`), US (`11/10/2024`), European (`10.11.2024`, `10/11/2024`) and
/// with month names (`Nov 10, 2024`, `10 Nov 2024`).
///
/// A slash date whose first number is over 12 is day-first and whose second is over 12 is
/// month-first; when both could be months the `order` decides (month-first by default, as US
/// exports write; pass `.dayFirst` for European files). Dots are always day-first.
public struct DateParser: Sendable {
    /// Which number comes first in an ambiguous `NN/NN/YYYY` date.
    public enum Order: String, Sendable { case monthFirst, dayFirst }

    public var order: Order

    public init(order: Order = .monthFirst) { self.order = order }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses a calendar date to `.text("YYYY-MM-DD")`.
    public func date(_ text: String) -> Result<FieldValue, ValueError> {
        guard let civil = civil(text.trimmed()), civil.isValidDate else {
            return .failure(ValueError("'\(text)' is not a date (expected YYYY-MM-DD, MM/DD/YYYY or DD.MM.YYYY)"))
        }
        return .success(.text(Self.iso(civil)))
    }

    /// Parses a date or date-time to `.integer` milliseconds since 1970 UTC, applying a `+hhmm` / `Z` offset.
    public func timestamp(_ text: String) -> Result<FieldValue, ValueError> {
        let trimmed = text.trimmed()
        if let civil = civil(trimmed), civil.isValidDate { return .success(.integer(Int64(civil.unixSeconds) * 1000)) }
        guard let split = trimmed.firstIndex(where: { $0 == "T" || $0 == " " }),
            var civil = civil(String(trimmed[..<split])),
            let (hour, minute, second, offset) = Self.time(String(trimmed[trimmed.index(after: split)...]))
        else {
            return .failure(ValueError("'\(text)' is not a date or time (expected e.g. 2024-01-23T02:21:49Z)"))
        }
        (civil.hour, civil.minute, civil.second) = (hour, minute, second)
        guard civil.isValidDate else { return .failure(ValueError("'\(text)' is not a real date or time")) }
        return .success(.integer(Int64(civil.unixSeconds - offset) * 1000))
    }

    func civil(_ text: String) -> CivilTime? {
        let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        if let monthWord = words.first, let month = Self.months.firstIndex(of: String(monthWord.prefix(3))) {
            guard numbers.count == 2 else { return nil }
            let (day, year) = numbers[0] > 31 ? (numbers[1], numbers[0]) : (numbers[0], numbers[1])
            return CivilTime(year: Self.fullYear(year), month: month + 1, day: day)
        }
        guard words.isEmpty, numbers.count == 3 else { return nil }
        if text.contains("-") && numbers[0] > 31 {
            return CivilTime(year: numbers[0], month: numbers[1], day: numbers[2])
        }
        if text.contains("/") && numbers[0] > 31 {
            return CivilTime(year: numbers[0], month: numbers[1], day: numbers[2])
        }
        let year = Self.fullYear(numbers[2])
        let dayFirst = text.contains(".") || numbers[0] > 12 || (numbers[1] <= 12 && order == .dayFirst)
        return dayFirst
            ? CivilTime(year: year, month: numbers[1], day: numbers[0])
            : CivilTime(year: year, month: numbers[0], day: numbers[1])
    }

    /// Parses `HH:MM[:SS][.fff][Z|±hh[:]mm]`; returns the offset from UTC in seconds.
    static func time(_ text: String) -> (Int, Int, Int, Int)? {
        var body = Substring(text.trimmed())
        var offset = 0
        if body.hasSuffix("Z") || body.hasSuffix("UTC") {
            body = body.dropLast(body.hasSuffix("Z") ? 1 : 3)
        } else if let sign = body.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let digits = body[body.index(after: sign)...].filter(\.isNumber)
            guard digits.count == 4, let value = Int(digits) else { return nil }
            offset = (value / 100 * 3600 + value % 100 * 60) * (body[sign] == "-" ? -1 : 1)
            body = body[..<sign]
        }
        let pieces = body.split(separator: ":")
        guard (2...3).contains(pieces.count), let hour = Int(pieces[0]), let minute = Int(pieces[1]) else { return nil }
        let second = pieces.count == 3 ? Int(pieces[2].prefix { $0.isNumber }) : 0
        guard let second else { return nil }
        return (hour, minute, second, offset)
    }

    static func fullYear(_ year: Int) -> Int { year < 100 ? (year < 70 ? 2000 + year : 1900 + year) : year }

    static func iso(_ civil: CivilTime) -> String {
        let year = String(civil.year), month = civil.month < 10 ? "0\(civil.month)" : "\(civil.month)"
        let day = civil.day < 10 ? "0\(civil.day)" : "\(civil.day)"
        return "\(String(repeating: "0", count: max(0, 4 - year.count)) + year)-\(month)-\(day)"
    }
}
