// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMAnalytics
import CRMCore
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// Reports while a bulk load has the record tables' secondary indexes dropped: every query the
/// analytics run answers, with the figures it gives with the indexes.
@Suite struct IndexHintTests {
    let now = "2026-11-20T12:00:00Z"

    func figures(_ test: TestStore) throws -> [String] {
        let november = try AnalyticsPeriod.days(
            from: CalendarDate(year: 2026, month: 11, day: 1), to: CalendarDate(year: 2026, month: 11, day: 30), in: utc
        )
        return try [nil, november].map { window in
            let snapshot = try test.snapshot(now: now, window: window)
            return [
                "won \(snapshot.winRate.won) lost \(snapshot.winRate.lost)",
                "cycle \(snapshot.cycle.wonDeals) \(String(describing: snapshot.cycle.averageDays))",
                "velocity \(snapshot.velocity.map(\.perDay))",
                "age \(String(describing: snapshot.aging.averageAgeDays))",
                "leaders \(snapshot.leaderboard.count)", "funnel \(snapshot.funnel.count)",
                "cases \(snapshot.service.total) \(snapshot.service.breached) \(snapshot.service.atRisk)",
            ].joined(separator: "; ")
        }
    }

    @Test func analyticsAnswerTheSameWithTheIndexesSuspended() throws {
        let fixture = try SalesFixture()
        let test = fixture.test
        test.now = at("2026-11-01T00:00:00Z")
        try test.store.openCase(["subject": .text("Help"), "priority": .text("high")])
        let before = try figures(test)
        try test.store.writer.write { db in try IndexSuspension.suspend(db) }
        let dropped = try test.store.read { db in
            try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE name IN (?, ?, ?, ?)",
                arguments: [
                    "deals_analytics_recent", "deals_analytics_closed", "activities_deal_touch", "cases_analytics",
                ])
        }
        #expect(dropped.isEmpty, "the load drops the pinned indexes")
        #expect(try figures(test) == before)
    }
}
