// crm — a terminal-first CRM. Licensed under the MIT License.

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
    static func expectedWeighted(_ store: CRMStore) throws -> [MoneyAmount] {
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
}
