// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import Testing

/// The days and weeks of the trend charts: local calendar days, Monday-to-Sunday weeks, the
/// current one last.
@Suite struct AnalyticsPeriodTrendTests {
    static func at(_ iso: String) -> Int64 {
        Int64((ISO8601DateFormatter().date(from: iso)?.timeIntervalSince1970 ?? 0) * 1000)
    }

    static let utc = TimeZone(identifier: "UTC") ?? .current
    static let newYork = TimeZone(identifier: "America/New_York") ?? .current

    @Test func twelveWeeksEndWithTheWeekOfNowAndStartOnMondays() {
        let weeks = AnalyticsPeriod.lastWeeks(12, endingAt: Self.at("2026-11-25T12:00:00Z"), in: Self.utc)
        #expect(weeks.count == 12)
        #expect(weeks.last?.label == "2026-11-23..2026-11-29")
        #expect(weeks.first?.firstDay.text == "2026-09-07")
        #expect(weeks.allSatisfy { $0.firstDay.weekdayFromMonday == 0 })
        for (earlier, later) in zip(weeks, weeks.dropFirst()) { #expect(earlier.end == later.start) }
        #expect(weeks.last?.contains(Self.at("2026-11-25T12:00:00Z")) == true)
    }

    @Test func theWeekIsTheLocalOneAndADaylightSavingWeekIsAnHourLonger() throws {
        // Sunday 29 November 22:00 in New York is already Monday 30 November in UTC.
        let now = Self.at("2026-11-30T03:00:00Z")
        #expect(AnalyticsPeriod.lastWeeks(1, endingAt: now, in: Self.newYork).last?.label == "2026-11-23..2026-11-29")
        #expect(AnalyticsPeriod.lastWeeks(1, endingAt: now, in: Self.utc).last?.label == "2026-11-30..2026-12-06")
        let weeks = AnalyticsPeriod.lastWeeks(12, endingAt: now, in: Self.newYork)
        let dstEnd = try #require(weeks.first { $0.firstDay.text == "2026-10-26" })
        let length: Int64 = dstEnd.end - dstEnd.start
        #expect(length == Int64(7 * 86_400_000 + 3_600_000), "clocks went back on 1 November")
        #expect(dstEnd.start == Self.at("2026-10-26T04:00:00Z"))
    }

    @Test func fourteenDaysEndToday() {
        let days = AnalyticsPeriod.lastDays(14, endingAt: Self.at("2026-11-25T23:59:00Z"), in: Self.utc)
        #expect(days.map(\.label).first == "2026-11-12")
        #expect(days.map(\.label).last == "2026-11-25")
        #expect(days.count == 14)
        #expect(days.allSatisfy { $0.end - $0.start == 86_400_000 })
        #expect(
            AnalyticsPeriod.lastDays(1, endingAt: Self.at("2026-11-26T02:00:00Z"), in: Self.newYork)[0].label
                == "2026-11-25")
    }

    @Test func weekdaysAndDayArithmetic() {
        #expect(CalendarDate(year: 2026, month: 11, day: 30).weekdayFromMonday == 0)
        #expect(CalendarDate(year: 2026, month: 12, day: 6).weekdayFromMonday == 6)
        #expect(CalendarDate(year: 1969, month: 12, day: 29).weekdayFromMonday == 0)
        #expect(CalendarDate(year: 2024, month: 2, day: 28).adding(days: 1).text == "2024-02-29")
        #expect(CalendarDate(year: 2027, month: 1, day: 1).adding(days: -1).text == "2026-12-31")
    }
}
