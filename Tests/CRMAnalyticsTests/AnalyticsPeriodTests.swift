// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMAnalytics
import CRMCore
import Foundation
import Testing

@testable import CRMStore

@Suite struct AnalyticsPeriodTests {
    let newYork = TimeZone(identifier: "America/New_York") ?? .current
    let tokyo = TimeZone(identifier: "Asia/Tokyo") ?? .current

    @Test func monthAndQuarterEdgesInNewYork() {
        // 23:30 on 31 October in New York is 03:30 on 1 November in UTC.
        let october = AnalyticsPeriod.month(containing: at("2026-11-01T03:30:00Z"), in: newYork)
        #expect(october.label == "2026-10")
        #expect(october.start == at("2026-10-01T04:00:00Z"))  // EDT, UTC-4
        #expect(october.end == at("2026-11-01T04:00:00Z"))  // midnight is still EDT; DST ends at 02:00
        let q4 = AnalyticsPeriod.quarter(containing: at("2027-01-01T04:59:00Z"), in: newYork)
        #expect(q4.label == "2026-Q4")
        #expect(q4.start == at("2026-10-01T04:00:00Z"))
        #expect(q4.end == at("2027-01-01T05:00:00Z"))  // EST, UTC-5
        #expect(q4.firstDay.text == "2026-10-01" && q4.endDay.text == "2027-01-01")
    }

    @Test func monthEdgeInTokyo() {
        let december = AnalyticsPeriod.month(containing: at("2026-11-30T15:30:00Z"), in: tokyo)
        #expect(december.label == "2026-12")
        #expect(december.start == at("2026-11-30T15:00:00Z"))
    }

    @Test func splitIntoQuartersAndRejectAnEmptyRange() throws {
        let quarters = try AnalyticsPeriod.split(
            from: CalendarDate(year: 2026, month: 2, day: 10), to: CalendarDate(year: 2026, month: 7, day: 1),
            unit: .quarter, in: utc)
        #expect(quarters.map(\.label) == ["2026-Q1", "2026-Q2", "2026-Q3"])
        #expect(throws: PeriodError.emptyRange(from: "2026-03-02", to: "2026-03-01")) {
            try AnalyticsPeriod.days(
                from: CalendarDate(year: 2026, month: 3, day: 2), to: CalendarDate(year: 2026, month: 3, day: 1),
                in: utc)
        }
    }

    /// Three wins just before local midnight at the edges of Q3/Q4 and of October/November, in New York
    /// and in UTC: the same data gives different months and quarters in each zone.
    @Test func forecastFollowsTheUsersTimeZone() throws {
        let test = try TestStore()
        try test.deal("W1", "100.00", stage: "Won", created: "2026-09-01T00:00:00Z", clock: "2026-10-01T03:30:00Z")
        try test.deal("W2", "200.00", stage: "Won", created: "2026-09-01T00:00:00Z", clock: "2026-11-01T03:30:00Z")
        try test.deal("W3", "400.00", stage: "Won", created: "2026-09-01T00:00:00Z", clock: "2027-01-01T04:59:00Z")
        // An open deal due on 1 October (a date, read in the zone's calendar either way).
        try test.deal("Due", "1000.00", stage: "Negotiation", created: "2026-09-01T00:00:00Z", closeDate: "2026-10-01")
        func won(_ period: AnalyticsPeriod) throws -> [String] {
            try test.store.summaries { reader in try Analytics.forecast(reader, period) }.closedWon.text
        }
        func commit(_ period: AnalyticsPeriod) throws -> [String] {
            try test.store.summaries { reader in try Analytics.forecast(reader, period) }.commit.text
        }
        let octoberNY = AnalyticsPeriod.month(containing: at("2026-10-15T12:00:00Z"), in: newYork)
        let octoberUTC = AnalyticsPeriod.month(containing: at("2026-10-15T12:00:00Z"), in: utc)
        #expect(try won(octoberNY) == ["200.00 USD"])
        #expect(try won(octoberUTC) == ["100.00 USD"])
        #expect(try won(.quarter(containing: at("2026-08-15T12:00:00Z"), in: newYork)) == ["100.00 USD"])
        #expect(try won(.quarter(containing: at("2026-11-15T12:00:00Z"), in: newYork)) == ["600.00 USD"])
        #expect(try won(.quarter(containing: at("2026-11-15T12:00:00Z"), in: utc)) == ["300.00 USD"])
        #expect(try won(.quarter(containing: at("2027-02-15T12:00:00Z"), in: utc)) == ["400.00 USD"])
        #expect(try commit(octoberNY) == ["1200.00 USD"])
        #expect(try commit(.month(containing: at("2026-09-15T12:00:00Z"), in: newYork)) == ["100.00 USD"])
    }
}
