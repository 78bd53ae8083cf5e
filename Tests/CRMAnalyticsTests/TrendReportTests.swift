// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Testing

@testable import CRMAnalytics

/// The trend series on a small history whose every figure is known: wins and new deals per
/// week, cases opened and resolved per day, SLA compliance per week.
@Suite struct TrendReportTests {
    /// Now is Wednesday 25 November 2026, in the last of the twelve weeks (23–29 November).
    static let now = "2026-11-25T12:00:00Z"

    static func history() throws -> TestStore {
        let test = try TestStore()
        let a = try test.deal("A", "100.00", created: "2026-11-10T10:00:00Z")
        let b = try test.deal("B", "200.00", "EUR", created: "2026-11-11T10:00:00Z")
        let c = try test.deal("C", "300.00", created: "2026-11-12T10:00:00Z")
        let d = try test.deal("D", "50.00", created: "2026-08-01T10:00:00Z")
        try test.deal("E", "70.00", created: "2026-11-24T10:00:00Z")
        test.now = at("2026-11-24T09:00:00Z")
        try test.store.closeDeal(a, as: .won)
        test.now = at("2026-11-16T00:30:00Z")
        try test.store.closeDeal(b, as: .won)
        test.now = at("2026-11-17T10:00:00Z")
        try test.store.closeDeal(c, as: .lost)
        test.now = at("2026-09-07T00:00:00Z")  // the first instant of the first week
        try test.store.closeDeal(d, as: .won)

        test.now = at("2026-11-20T10:00:00Z")
        let quick = try test.store.openCase(["subject": .text("Quick"), "priority": .text("urgent")])
        test.now = at("2026-11-20T10:01:00Z")
        try test.store.setCaseStatus(quick, .solved)
        test.now = at("2026-10-20T10:00:00Z")
        let slow = try test.store.openCase(["subject": .text("Slow"), "priority": .text("urgent")])
        test.now = at("2026-11-24T11:00:00Z")
        try test.store.setCaseStatus(slow, .closed)
        test.now = at("2026-11-21T10:00:00Z")
        let gone = try test.store.openCase(["subject": .text("Gone")])
        try test.store.delete(.supportCase, id: gone)
        test.now = at("2026-11-25T09:00:00Z")
        _ = try test.store.openCase(["subject": .text("Waiting")])
        return test
    }

    @Test func salesPerWeek() throws {
        let snapshot = try Self.history().snapshot(now: Self.now)
        let sales = snapshot.trends.sales
        #expect(sales.count == 12)
        #expect(sales.map(\.wonCount) == [1] + Array(repeating: 0, count: 9) + [1, 1], "C was lost")
        #expect(sales[0].wonAmounts.text == ["50.00 USD"])
        #expect(sales[10].wonAmounts.text == ["200.00 EUR"])
        #expect(sales[11].wonAmounts.text == ["100.00 USD"])
        #expect(sales.map(\.newDeals) == Array(repeating: 0, count: 9) + [3, 0, 1], "D was created in August")
        #expect(snapshot.trends.wonCurrencies == ["EUR", "USD"])
    }

    @Test func casesPerDayAndSLAPerWeek() throws {
        let snapshot = try Self.history().snapshot(now: Self.now)
        let days = snapshot.trends.cases
        #expect(days.map(\.period.label) == (12...25).map { "2026-11-\($0)" })
        var opened = Array(repeating: 0, count: 14)
        opened[8] = 1  // 20 November; the case of the 21st is deleted, the slow one opened in October
        opened[13] = 1
        #expect(days.map(\.opened) == opened)
        var resolved = Array(repeating: 0, count: 14)
        resolved[8] = 1
        resolved[12] = 1
        #expect(days.map(\.resolved) == resolved)
        let sla = snapshot.trends.sla
        #expect(sla.map(\.resolved) == Array(repeating: 0, count: 10) + [1, 1])
        #expect(sla.map(\.rate) == Array(repeating: nil, count: 10) + [1.0, 0.0], "the slow case missed its SLA")
    }

    @Test func theEngineAndTheOneOffComputationGiveTheSameSeries() throws {
        let test = try Self.history()
        test.now = at(Self.now)
        let engine = AnalyticsEngine(store: test.store, options: .init(timeZone: utc, pollInterval: nil))
        engine.start()
        defer { engine.stop() }
        let published = try #require(engine.fresh(timeout: .seconds(10)))
        #expect(published.trends == (try test.snapshot(now: Self.now)).trends)
    }
}
