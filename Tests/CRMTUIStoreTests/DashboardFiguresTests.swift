// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMAnalytics
import CRMCore
import CRMTUI
import CRMTUIStore
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// The dashboard and `crm report pipeline` agree (issue 21): the same open totals and the same
/// weighted totals, with a deal's own probability, and task counts are exact, not capped.
@Suite struct DashboardFiguresTests {
    /// Σ amount × (own or stage probability), rounded once per currency, straight from the rows.
    static func expectedWeighted(_ store: Store) throws -> [MoneyAmount] {
        try store.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.currency, SUM(d.amount_minor * COALESCE(d.probability, s.probability)) AS weighted
                    FROM deals d JOIN stages s ON s.id = d.stage_id
                    WHERE d.deleted = 0 AND s.kind = 'open' GROUP BY d.currency ORDER BY d.currency
                    """
            ).map { row in
                let value: Int64 = row["weighted"]
                return MoneyAmount(minorUnits: (value + 50) / 100, currency: row["currency"])
            }
        }
    }

    @Test func aDealsOwnProbabilityWeighsAsInTheReport() throws {
        let fixture = try StoreFixture()
        let deal = try fixture.source.create(.deal, fields: ["title": "Sure thing", "amount": "1000", "stage": "Lead"])
        try fixture.store.update(.deal, id: deal, ["probability": .integer(90)])
        let summary = try fixture.source.dashboard(now: StoreFixture.now)
        #expect(summary.weightedTotals == [MoneyAmount(minorUnits: 90_000, currency: "USD")], "900.00, not 100.00")
        #expect(summary.openTotals == [MoneyAmount(minorUnits: 100_000, currency: "USD")])
    }

    @Test func onDemoDataEveryCurrencyIsWeightedExactlyOnce() throws {
        let fixture = try StoreFixture()
        var generator = DemoGenerator(store: fixture.store, seed: 11)
        _ = try generator.generate(contacts: 600)
        let summary = try fixture.source.dashboard(now: StoreFixture.now)
        #expect(!summary.weightedTotals.isEmpty)
        #expect(summary.weightedTotals == (try Self.expectedWeighted(fixture.store)))
    }

    @Test func taskCountsAreExactPastTenThousand() throws {
        let fixture = try StoreFixture()
        try fixture.store.write { recorder in
            for index in 0..<10_050 {
                try recorder.create(
                    .activity, id: recorder.newID(),
                    [
                        "kind": .text("task"), "subject": .text("Task \(index)"), "done": .bool(false),
                        "due_at": .integer(StoreFixture.now - 60_000), "owner_id": .text(fixture.me.rawValue),
                    ])
            }
        }
        #expect(try fixture.source.dashboard(now: StoreFixture.now).tasksOverdue == 10_050)
    }

    /// Every figure the dashboard shows, against the snapshot `crm report` prints from
    /// (`Analytics.compute`) on the same database: demo data plus a deal with its own probability.
    @Test func everyDashboardFigureEqualsTheReports() throws {
        let fixture = try StoreFixture()
        var generator = DemoGenerator(store: fixture.store, seed: 5)
        _ = try generator.generate(contacts: 400)
        let deal = try fixture.source.create(.deal, fields: ["title": "Own odds", "amount": "1000", "stage": "Lead"])
        try fixture.store.update(.deal, id: deal, ["probability": .integer(90)])
        let summary = try fixture.source.dashboard(now: StoreFixture.now)
        let report = try #require(try Analytics.compute(fixture.store, AnalyticsRequest(now: StoreFixture.now)))
        func amounts(_ sums: CurrencyAmounts) -> [MoneyAmount] {
            sums.minorUnits.keys.sorted().map { MoneyAmount(minorUnits: sums.minorUnits[$0] ?? 0, currency: $0) }
        }
        #expect(summary.openTotals == amounts(report.pipeline.amounts))
        #expect(summary.weightedTotals == amounts(report.pipeline.weighted))
        #expect(summary.winRate == report.winRate.byCount)
        for stage in report.pipeline.stages {
            let shown = try #require(summary.stages.first { $0.id == stage.stage.id }, "stage \(stage.stage.name)")
            #expect(shown.dealCount == stage.count, "deals in \(stage.stage.name)")
            #expect(shown.totals.sorted { $0.currency < $1.currency } == amounts(stage.amounts), "\(stage.stage.name)")
        }
        let mine = report.overdueTasks.first { $0.ownerID == fixture.me.rawValue }?.count ?? 0
        #expect(summary.tasksOverdue == mine)
    }

    /// The dashboard's sparklines draw the series `crm report trends` prints: the CLI computes
    /// `TrendMetrics.report` on one read snapshot, the dashboard takes the analytics engine's
    /// snapshot; on demo data (history spread over the weeks) every number must agree.
    @Test func theTrendSeriesEqualTheReports() throws {
        let fixture = try StoreFixture()
        var generator = DemoGenerator(store: fixture.store, seed: 7)
        _ = try generator.generate(contacts: 600)
        let shown = try fixture.source.dashboard(now: StoreFixture.now).trends
        let report = try fixture.store.summaries { reader in
            try TrendMetrics.report(reader, AnalyticsRequest(now: StoreFixture.now))
        }
        #expect(shown.wonCount == report.sales.map(\.wonCount))
        #expect(shown.wonCount.count == TrendReport.weeks)
        #expect(shown.wonCount.reduce(0, +) > 0, "demo data has wins in the last twelve weeks")
        #expect(shown.newDeals == report.sales.map(\.newDeals))
        #expect(shown.wonValue.map(\.currency) == report.wonCurrencies)
        for series in shown.wonValue {
            #expect(
                series.minorUnits == report.sales.map { $0.wonAmounts[series.currency] }, "won \(series.currency)")
        }
        #expect(shown.casesOpened == report.cases.map(\.opened))
        #expect(shown.casesOpened.reduce(0, +) > 0)
        #expect(shown.casesResolved == report.cases.map(\.resolved))
        #expect(shown.slaRate == report.sla.map(\.rate))
        #expect(shown.slaRate.contains { $0 != nil })
    }
}
