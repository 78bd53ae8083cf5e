// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

@testable import CRMCore

/// Business-hours SLA clocks: a Mon–Fri 09:00–17:00 week in Europe/Berlin, the cases Zammad's
/// SLA bug reports describe (opened Friday evening, across a holiday, across a DST change).
@Suite struct BusinessCalendarTests {
    let hour: Int64 = 3_600_000

    func berlin(holidays: String = "") throws -> BusinessCalendar {
        try BusinessCalendar(timeZone: "Europe/Berlin", days: "mon-fri", hours: "09:00-17:00", holidays: holidays)
    }

    /// An instant written in UTC, `2026-12-04T15:30:00Z`.
    func at(_ iso: String) throws -> Int64 {
        let date = try #require(ISO8601DateFormatter().date(from: iso))
        return Int64(date.timeIntervalSince1970 * 1000)
    }

    @Test func fridayAfternoonRunsIntoMonday() throws {
        let calendar = try berlin()
        // Friday 4 Dec 2026 16:30 in Berlin (CET, UTC+1): half an hour left that day, 3.5 h Monday.
        #expect(calendar.adding(4 * hour, to: try at("2026-12-04T15:30:00Z")) == (try at("2026-12-07T11:30:00Z")))
        // Opened at closing time: nothing counts on Friday, due Monday 13:00.
        #expect(calendar.adding(4 * hour, to: try at("2026-12-04T16:00:00Z")) == (try at("2026-12-07T12:00:00Z")))
        // A window that ends exactly at closing is due then, not at the next opening.
        #expect(calendar.adding(hour / 2, to: try at("2026-12-04T15:30:00Z")) == (try at("2026-12-04T16:00:00Z")))
        #expect(calendar.adding(0, to: try at("2026-12-05T10:00:00Z")) == (try at("2026-12-05T10:00:00Z")))
    }

    @Test func weekendsAndNightsDoNotCount() throws {
        let calendar = try berlin()
        // Opened Saturday morning: the clock starts Monday 09:00.
        #expect(calendar.adding(hour, to: try at("2026-12-05T09:00:00Z")) == (try at("2026-12-07T09:00:00Z")))
        // Opened Tuesday 20:00: overnight does not count, due Wednesday 10:00.
        #expect(calendar.adding(hour, to: try at("2026-12-08T19:00:00Z")) == (try at("2026-12-09T09:00:00Z")))
        // Opened Tuesday 16:00 with 2 h: one hour Tuesday, one Wednesday.
        #expect(calendar.adding(2 * hour, to: try at("2026-12-08T15:00:00Z")) == (try at("2026-12-09T09:00:00Z")))
        // Friday 16:30 to Monday 12:30 is four working hours.
        #expect(
            calendar.workingMillis(from: try at("2026-12-04T15:30:00Z"), to: try at("2026-12-07T11:30:00Z")) == 4 * hour
        )
        #expect(calendar.workingMillis(from: try at("2026-12-05T00:00:00Z"), to: try at("2026-12-06T23:00:00Z")) == 0)
        #expect(calendar.workingMillis(from: try at("2026-12-07T11:30:00Z"), to: try at("2026-12-04T15:30:00Z")) == 0)
    }

    @Test func aHolidayIsSkipped() throws {
        let calendar = try berlin(holidays: "2026-12-25,2026-12-24")
        #expect(calendar.isWorkingDay(CalendarDate(year: 2026, month: 12, day: 23)))
        #expect(!calendar.isWorkingDay(CalendarDate(year: 2026, month: 12, day: 25)))
        #expect(!calendar.isWorkingDay(CalendarDate(year: 2026, month: 12, day: 26)))
        // Wednesday 23 Dec 16:00: one hour then, Thursday and Friday are holidays, the rest Monday 28th.
        #expect(calendar.adding(4 * hour, to: try at("2026-12-23T15:00:00Z")) == (try at("2026-12-28T11:00:00Z")))
        let noHolidays = try berlin()
        #expect(noHolidays.adding(4 * hour, to: try at("2026-12-23T15:00:00Z")) == (try at("2026-12-24T11:00:00Z")))
    }

    @Test func theDSTChangeKeepsLocalHours() throws {
        let calendar = try berlin()
        // Autumn: Friday 23 Oct 2026 16:00 CEST (UTC+2); clocks go back on Sunday the 25th; due
        // Monday 26th 12:00 CET (UTC+1), which is 11:00Z, not 10:00Z.
        #expect(calendar.adding(4 * hour, to: try at("2026-10-23T14:00:00Z")) == (try at("2026-10-26T11:00:00Z")))
        // Spring: Friday 27 Mar 2026 16:00 CET; clocks go forward on the 29th; Monday 12:00 CEST is 10:00Z.
        #expect(calendar.adding(4 * hour, to: try at("2026-03-27T15:00:00Z")) == (try at("2026-03-30T10:00:00Z")))
        // A round-the-clock calendar's DST Sunday in autumn has 25 working hours, in spring 23.
        let always = try BusinessCalendar(
            timeZone: "Europe/Berlin", days: "mon-sun", hours: "00:00-24:00", holidays: "")
        #expect(
            always.workingMillis(from: try at("2026-10-24T22:00:00Z"), to: try at("2026-10-25T23:00:00Z")) == 25 * hour)
        #expect(
            always.workingMillis(from: try at("2026-03-28T23:00:00Z"), to: try at("2026-03-29T22:00:00Z")) == 23 * hour)
    }

    @Test func atRiskCountsWorkingTimeLeft() throws {
        let calendar = try berlin()
        let created = try at("2026-12-04T15:30:00Z")
        var item = SupportCase(id: .make(), num: 1, subject: "S", priority: .urgent, status: .new, createdAt: created)
        item.firstResponseDue = calendar.adding(4 * hour, to: created)
        item.resolutionDue = calendar.adding(8 * hour, to: created)
        item.calendar = calendar
        // Monday 09:00: 3.5 of 4 working hours left, fine, though 24/7 it would be at risk.
        #expect(item.clock(nowMillis: try at("2026-12-07T08:00:00Z")).firstResponse == .ok)
        var allDay = item
        allDay.calendar = nil
        #expect(allDay.clock(nowMillis: try at("2026-12-07T08:00:00Z")).firstResponse == .atRisk)
        // Monday 11:40: 50 minutes left, under a quarter of four hours.
        #expect(item.clock(nowMillis: try at("2026-12-07T10:40:00Z")).firstResponse == .atRisk)
        #expect(item.clock(nowMillis: try at("2026-12-07T11:31:00Z")).firstResponse == .breached)
    }

    @Test func aPauseMovesTheDueByTheWorkingTimeItTook() throws {
        let calendar = try berlin()
        let created = try at("2026-12-07T08:00:00Z")  // Monday 09:00
        var item = SupportCase(id: .make(), num: 1, subject: "S", priority: .high, status: .open, createdAt: created)
        item.calendar = calendar
        item.resolutionDue = calendar.adding(8 * hour, to: created)  // Monday 17:00
        item.status = .pending
        item.pausedAt = try at("2026-12-07T14:00:00Z")  // Monday 15:00
        // Pending from Monday 15:00 to Tuesday 10:00 is three working hours: due Tuesday 12:00.
        let resume = CaseWorkflow.changeStatus(item, to: .open, nowMillis: try at("2026-12-08T09:00:00Z"))
        #expect(resume["paused_ms"] == .integer(3 * hour))
        #expect(resume["resolution_due"] == .integer(try at("2026-12-08T11:00:00Z")))
        #expect(
            item.clock(nowMillis: try at("2026-12-08T09:00:00Z")).effectiveResolutionDue
                == (try at("2026-12-08T11:00:00Z")))
    }

    @Test func aPolicyOnACalendarSetsBusinessDueTimes() throws {
        let calendar = try berlin()
        let policy = SLAPolicy(
            priority: .high, firstResponseMinutes: 240, resolutionMinutes: 1440, calendarID: .make(), calendar: calendar
        )
        let due = policy.dueTimes(createdAt: try at("2026-12-04T15:30:00Z"), pausedMillis: 0)
        #expect(due.firstResponse == (try at("2026-12-07T11:30:00Z")))
        // 24 working hours is three working days: Friday's half hour, Mon, Tue, and 7.5 h Wednesday.
        #expect(due.resolution == (try at("2026-12-09T15:30:00Z")))
    }

    @Test func badCalendarsSayWhatToWrite() {
        #expect(throws: BusinessCalendarError.unknownTimeZone("Mars/Olympus")) {
            try BusinessCalendar(timeZone: "Mars/Olympus", days: "mon-fri", hours: "09:00-17:00", holidays: "")
        }
        #expect(throws: BusinessCalendarError.invalidHours("17:00-09:00")) {
            try BusinessCalendar(timeZone: "UTC", days: "mon-fri", hours: "17:00-09:00", holidays: "")
        }
        #expect(throws: BusinessCalendarError.unknownDay("funday")) {
            try BusinessCalendar(timeZone: "UTC", days: "mon-funday", hours: "09:00-17:00", holidays: "")
        }
        #expect(throws: BusinessCalendarError.invalidHoliday("2026-02-30")) {
            try BusinessCalendar(timeZone: "UTC", days: "mon-fri", hours: "09:00-17:00", holidays: "2026-02-30")
        }
        #expect(throws: BusinessCalendarError.noWorkingDays) {
            try BusinessCalendar(timeZone: "UTC", workingDays: [], opens: 540, closes: 1020)
        }
        let text = try? BusinessCalendar(timeZone: "UTC", days: "sat,mon-wed", hours: "08:30-24:00", holidays: "")
        #expect(text?.daysText == "mon,tue,wed,sat")
        #expect(text?.hoursText == "08:30-24:00")
    }
}
