// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMAnalytics
import CRMCore
import CRMStore
import Foundation
import Testing

/// The hand-built sales data set of Docs/ANALYTICS.md; every expected figure is worked out by hand there.
struct SalesFixture {
    let test: TestStore

    init() throws {
        test = try TestStore()
        let ana = try test.user("Ana")
        let ben = try test.user("Ben")
        // D1: open, Lead, 10 days old, due in November.
        try test.deal("D1", "1000.00", stage: "Lead", created: "2026-11-10T00:00:00Z", owner: ana, closeDate: "2026-11-15")
        // D2: open, Proposal with its own 80%, due in November, touched recently.
        let d2 = try test.deal("D2", "2000.00", created: "2026-09-15T00:00:00Z", owner: ana, probability: 80, closeDate: "2026-11-25")
        try test.move(d2, to: "Qualified", at: "2026-09-20T00:00:00Z")
        try test.move(d2, to: "Proposal", at: "2026-10-01T00:00:00Z")
        try test.activity(on: d2, at: "2026-11-18T00:00:00Z")
        // D3: open, created straight into Negotiation (75%), due in December, last touched long ago.
        let d3 = try test.deal("D3", "500.00", "EUR", stage: "Negotiation", created: "2026-10-10T00:00:00Z", owner: ben, closeDate: "2026-12-10")
        try test.activity(on: d3, at: "2026-10-12T00:00:00Z")
        // D4: won after 35 days, skipping Proposal and Negotiation.
        let d4 = try test.deal("D4", "3000.00", created: "2026-10-01T00:00:00Z", owner: ana)
        try test.move(d4, to: "Qualified", at: "2026-10-10T00:00:00Z")
        try test.move(d4, to: "Won", at: "2026-11-05T00:00:00Z")
        // D5: lost in November after reaching Proposal.
        let d5 = try test.deal("D5", "1500.00", created: "2026-10-15T00:00:00Z", owner: ben)
        try test.move(d5, to: "Proposal", at: "2026-10-20T00:00:00Z")
        try test.move(d5, to: "Lost", at: "2026-11-08T00:00:00Z")
        // D6: created straight into Won: 20 days from creation to close.
        try test.deal("D6", "800.00", "EUR", stage: "Won", created: "2026-10-21T00:00:00Z", owner: ben, clock: "2026-11-10T00:00:00Z")
        // D7: moved back from Qualified to Lead; no owner; its only activity is deleted.
        let d7 = try test.deal("D7", "400.00", created: "2026-08-01T00:00:00Z")
        try test.move(d7, to: "Qualified", at: "2026-08-10T00:00:00Z")
        try test.move(d7, to: "Lead", at: "2026-08-20T00:00:00Z")
        try test.store.delete(.activity, id: try test.activity(on: d7, at: "2026-11-19T00:00:00Z"))
        // D8: lost in September, straight from Lead.
        let d8 = try test.deal("D8", "700.00", created: "2026-08-01T00:00:00Z", owner: ana)
        try test.move(d8, to: "Lost", at: "2026-09-10T00:00:00Z")
        // A deleted deal counts nowhere.
        let gone = try test.deal("Gone", "9999.00", stage: "Negotiation", created: "2026-11-01T00:00:00Z", closeDate: "2026-11-20")
        try test.store.delete(.deal, id: gone)
    }
}

@Suite struct PipelineMetricsTests {
    let now = "2026-11-20T12:00:00Z"

    @Test func openPipelineByStageAndWeighted() throws {
        let snapshot = try SalesFixture().test.snapshot(now: now)
        let stages = snapshot.pipeline.stages
        #expect(stages.map(\.stage.name) == ["Lead", "Qualified", "Proposal", "Negotiation"])
        #expect(stages.map(\.count) == [2, 0, 1, 1])
        #expect(stages[0].amounts.text == ["1400.00 USD"])
        #expect(stages[0].weighted.text == ["140.00 USD"])
        #expect(stages[1].amounts.isEmpty)
        #expect(stages[2].weighted.text == ["1600.00 USD"])  // its own 80%, not the stage's 50%
        #expect(stages[3].weighted.text == ["375.00 EUR"])
        #expect(snapshot.pipeline.count == 4)
        #expect(snapshot.pipeline.amounts.text == ["500.00 EUR", "3400.00 USD"])
        #expect(snapshot.pipeline.weighted.text == ["375.00 EUR", "1740.00 USD"])
    }

    @Test func forecastOfMonthAndQuarter() throws {
        let snapshot = try SalesFixture().test.snapshot(now: now)
        let month = snapshot.forecastMonth
        #expect(month.period.label == "2026-11")
        #expect(month.wonCount == 2)
        #expect(month.closedWon.text == ["800.00 EUR", "3000.00 USD"])
        #expect(month.commitCount == 3)
        #expect(month.commit.text == ["800.00 EUR", "5000.00 USD"])
        #expect(month.bestCaseCount == 4)
        #expect(month.bestCase.text == ["800.00 EUR", "6000.00 USD"])
        #expect(month.weighted.text == ["800.00 EUR", "4700.00 USD"])
        let quarter = snapshot.forecastQuarter
        #expect(quarter.period.label == "2026-Q4")
        #expect(quarter.commit.text == ["1300.00 EUR", "5000.00 USD"])
        #expect(quarter.commitCount == 4)
        #expect(quarter.bestCase.text == ["1300.00 EUR", "6000.00 USD"])
        #expect(quarter.bestCaseCount == 5)
        #expect(quarter.weighted.text == ["1175.00 EUR", "4700.00 USD"])
    }

    @Test func winRateCycleAndVelocity() throws {
        let snapshot = try SalesFixture().test.snapshot(now: now)
        #expect(snapshot.winRate.won == 2)
        #expect(snapshot.winRate.lost == 2)
        #expect(snapshot.winRate.byCount == 0.5)
        #expect(abs((snapshot.winRate.byValue["USD"] ?? 0) - 3000.0 / 5200.0) < 1e-12)
        #expect(snapshot.winRate.byValue["EUR"] == 1.0)
        #expect(snapshot.cycle.wonDeals == 2)
        #expect(snapshot.cycle.averageDays == 27.5)
        #expect(snapshot.cycle.byCurrency == ["USD": 35, "EUR": 20])
        // USD: 3 open × 300000 average won × 1/3 ÷ 35 days = 8571.43; EUR: 1 × 80000 × 1 ÷ 20 = 4000.
        #expect(snapshot.velocity.map(\.currency) == ["EUR", "USD"])
        #expect(snapshot.velocity.map(\.perDay) == [4000, 8571])
        #expect(snapshot.velocity.map(\.openDeals) == [1, 3])
    }

    @Test func windowLimitsClosedDealsToThePeriod() throws {
        let fixture = try SalesFixture()
        let november = try AnalyticsPeriod.days(
            from: CalendarDate(year: 2026, month: 11, day: 1), to: CalendarDate(year: 2026, month: 11, day: 30), in: utc)
        let snapshot = try fixture.test.snapshot(now: now, window: november)
        #expect(snapshot.winRate.won == 2)
        #expect(snapshot.winRate.lost == 1)
        #expect(abs((snapshot.winRate.byCount ?? 0) - 2.0 / 3.0) < 1e-12)
        // Funnel cohort: deals whose first stage entry is in November: D1 only.
        #expect(snapshot.funnel.map(\.reached) == [1, 0, 0, 0, 0])
    }

    @Test func funnelFromStageHistoryCountsAMoveBackOnce() throws {
        let funnel = try SalesFixture().test.snapshot(now: now).funnel
        #expect(funnel.map(\.stage.name) == ["Lead", "Qualified", "Proposal", "Negotiation", "Won"])
        #expect(funnel.map(\.reached) == [8, 6, 5, 3, 2])
        #expect(funnel[0].conversionToNext == 0.75)
        #expect(abs((funnel[1].conversionToNext ?? 0) - 5.0 / 6.0) < 1e-12)
        #expect(funnel[2].conversionToNext == 0.6)
        #expect(abs((funnel[3].conversionToNext ?? 0) - 2.0 / 3.0) < 1e-12)
        #expect(funnel[4].conversionToNext == nil)
    }

    @Test func agingAndStaleDeals() throws {
        let aging = try SalesFixture().test.snapshot(now: now).aging
        #expect(aging.buckets.map(\.count) == [1, 1, 1, 1])
        #expect(aging.buckets[3].amounts.text == ["400.00 USD"])
        #expect(aging.averageAgeDays == 57.5)
        // D3 (touched 39 days ago) and D7 (its recent activity is deleted) are stale; D2 was touched 2 days ago.
        #expect(aging.staleCount == 2)
        #expect(aging.staleAmounts.text == ["500.00 EUR", "400.00 USD"])
    }

    @Test func leaderboardByOwner() throws {
        let board = try SalesFixture().test.snapshot(now: now).leaderboard
        #expect(board.map(\.name) == ["Ana", "Ben", "(no owner)"])
        #expect(board.map(\.won) == [1, 1, 0])
        #expect(board.map(\.lost) == [1, 1, 0])
        #expect(board.map(\.openCount) == [2, 1, 1])
        #expect(board[0].wonAmounts.text == ["3000.00 USD"])
        #expect(board[0].openAmounts.text == ["3000.00 USD"])
        #expect(board[1].wonAmounts.text == ["800.00 EUR"])
        #expect(board.map(\.winRate) == [0.5, 0.5, nil])
    }

    @Test func emptyDatabase() throws {
        let snapshot = try TestStore().snapshot(now: now)
        #expect(snapshot.pipeline.stages.map(\.count) == [0, 0, 0, 0])
        #expect(snapshot.pipeline.amounts.isEmpty)
        #expect(snapshot.forecastMonth.bestCase.isEmpty && snapshot.forecastMonth.bestCaseCount == 0)
        #expect(snapshot.winRate.byCount == nil && snapshot.winRate.byValue.isEmpty)
        #expect(snapshot.cycle.averageDays == nil)
        #expect(snapshot.velocity.isEmpty)
        #expect(snapshot.funnel.map(\.reached) == [0, 0, 0, 0, 0])
        #expect(snapshot.funnel.allSatisfy { $0.conversionToNext == nil })
        #expect(snapshot.aging.averageAgeDays == nil && snapshot.aging.staleCount == 0)
        #expect(snapshot.leaderboard.isEmpty)
        #expect(snapshot.service.total == 0 && snapshot.service.firstResponse.rate == nil)
        #expect(snapshot.overdueTasks.isEmpty)
    }

    @Test func singleDeal() throws {
        let test = try TestStore()
        try test.deal("Only", "100.00", created: "2026-11-19T12:00:00Z", closeDate: "2026-11-30")
        let snapshot = try test.snapshot(now: now)
        #expect(snapshot.pipeline.count == 1)
        #expect(snapshot.pipeline.weighted.text == ["10.00 USD"])
        #expect(snapshot.forecastMonth.weighted.text == ["10.00 USD"])
        #expect(snapshot.forecastMonth.commit.isEmpty)
        #expect(snapshot.funnel.map(\.reached) == [1, 0, 0, 0, 0])
        #expect(snapshot.funnel[0].conversionToNext == 0)
        #expect(snapshot.aging.averageAgeDays == 1)
        #expect(snapshot.velocity.isEmpty)
    }

    @Test func currenciesStayApartIncludingZeroDigitOnes() throws {
        let test = try TestStore()
        try test.deal("Tokyo A", "12345", "JPY", created: "2026-11-01T00:00:00Z")
        try test.deal("Tokyo B", "655", "JPY", created: "2026-11-01T00:00:00Z")
        try test.deal("Kuwait", "1.005", "KWD", stage: "Proposal", created: "2026-11-01T00:00:00Z")
        try test.deal("Boston", "0.05", "USD", created: "2026-11-01T00:00:00Z")
        let pipeline = try test.snapshot(now: now).pipeline
        #expect(pipeline.amounts.text == ["13000 JPY", "1.005 KWD", "0.05 USD"])
        // 13000 × 10% = 1300; 1005 × 50% = 502.5 → 503 fils (half away from zero); 5 × 10% = 0.5 → 1 cent.
        #expect(pipeline.weighted.text == ["1300 JPY", "0.503 KWD", "0.01 USD"])
    }

    @Test func aDealMovedBackCountsInItsCurrentStage() throws {
        let test = try TestStore()
        let id = try test.deal("Back", "50.00", created: "2026-11-01T00:00:00Z")
        try test.move(id, to: "Proposal", at: "2026-11-02T00:00:00Z")
        try test.move(id, to: "Qualified", at: "2026-11-03T00:00:00Z")
        try test.move(id, to: "Proposal", at: "2026-11-04T00:00:00Z")
        try test.move(id, to: "Qualified", at: "2026-11-05T00:00:00Z")
        let snapshot = try test.snapshot(now: now)
        #expect(snapshot.pipeline.stages.map(\.count) == [0, 1, 0, 0])
        #expect(snapshot.pipeline.weighted.text == ["12.50 USD"])
        #expect(snapshot.funnel.map(\.reached) == [1, 1, 1, 0, 0])
    }
}
