// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB
import Testing

@testable import CRMStore

/// Each deal's `last_activity_at` (migration `v20-deal-last-activity`) follows its activities
/// through every write, and the aging figures read it from one covering index.
@Suite struct DealTouchTests {
    static let day: Int64 = 86_400_000

    func deal(_ test: TestStore, _ title: String, createdDaysAgo: Int64) throws -> RecordID {
        try test.store.addDeal([
            "title": .text(title), "amount": .money(Money(minorUnits: 1_000, currency: try Currency("USD"))),
            "created_at": .integer(test.now - createdDaysAgo * Self.day),
        ])
    }

    func call(_ test: TestStore, on deal: RecordID, daysAgo: Int64) throws -> RecordID {
        try test.store.create(
            .activity,
            [
                "kind": .text("call"), "subject": .text("Check-in"), "deal_id": .text(deal.rawValue),
                "created_at": .integer(test.now - daysAgo * Self.day),
            ])
    }

    func lastActivity(_ test: TestStore, _ deal: RecordID) throws -> Int64? {
        try test.store.read { db in
            try Int64.fetchOne(db, sql: "SELECT last_activity_at FROM deals WHERE id = ?", arguments: [deal.rawValue])
        }
    }

    @Test func everyKindOfActivityWriteKeepsTheTimeOfTheNewestLiveOne() throws {
        let test = try TestStore()
        let first = try deal(test, "Pilot", createdDaysAgo: 90)
        let second = try deal(test, "Renewal", createdDaysAgo: 90)
        #expect(try lastActivity(test, first) == nil)
        let recent = try call(test, on: first, daysAgo: 2)
        _ = try call(test, on: first, daysAgo: 40)  // older: the time stays
        #expect(try lastActivity(test, first) == test.now - 2 * Self.day)
        try test.store.update(.activity, id: recent, ["deal_id": .text(second.rawValue)])  // moved to another deal
        #expect(try lastActivity(test, first) == test.now - 40 * Self.day)
        #expect(try lastActivity(test, second) == test.now - 2 * Self.day)
        try test.store.update(.activity, id: recent, ["created_at": .integer(test.now - 5 * Self.day)])
        #expect(try lastActivity(test, second) == test.now - 5 * Self.day)
        try test.store.delete(.activity, id: recent)
        #expect(try lastActivity(test, second) == nil)
        _ = try test.store.undo()
        #expect(try lastActivity(test, second) == test.now - 5 * Self.day)
        try test.store.writer.write { db in try db.execute(sql: "DELETE FROM activities") }
        #expect(try lastActivity(test, first) == nil)
        try test.store.read { db in try AnalyticsAggregatesTests.expectKeptEqualsScan(db) }
    }

    /// A pull can bring a deal's activity before the deal itself.
    @Test func aDealThatArrivesAfterItsActivityReadsIt() throws {
        let db = try DatabaseQueue()
        try Schema.migrator().migrate(db)
        try db.write { db in
            let meta = "1, 1, 'device'"
            try db.execute(
                sql: """
                    INSERT INTO activities (id, kind, subject, deal_id, created_at, updated_at, hlc, hlc_device)
                        VALUES ('a1', 'call', 'Early', 'd1', 500, \(meta)), ('a2', 'call', 'Earlier', 'd1', 400, \(meta));
                    INSERT INTO deals (id, title, amount_minor, currency, stage_id, created_at, updated_at, hlc, hlc_device)
                        VALUES ('d1', 'Pilot', 100, 'USD', 's1', 300, \(meta));
                    """)
            #expect(try Int64.fetchOne(db, sql: "SELECT last_activity_at FROM deals") == 500)
            try AnalyticsAggregatesTests.expectKeptEqualsScan(db)
        }
    }

    /// The figures are those of reading the activities since the cut-off and their deals, as before `v20`.
    @Test func touchedDealsCountWhatTheActivitiesSay() throws {
        let test = try TestStore()
        let stages = try test.store.stages()
        let won = try #require(stages.first { $0.kind == .won })
        let old = try deal(test, "Old and touched", createdDaysAgo: 90)
        _ = try call(test, on: old, daysAgo: 3)
        _ = try call(test, on: old, daysAgo: 4)
        let stale = try deal(test, "Old and quiet", createdDaysAgo: 90)
        _ = try call(test, on: stale, daysAgo: 45)
        let young = try deal(test, "Young", createdDaysAgo: 5)
        _ = try call(test, on: young, daysAgo: 1)
        let closed = try deal(test, "Won", createdDaysAgo: 90)
        _ = try call(test, on: closed, daysAgo: 1)
        try test.store.moveDeal(closed, to: won.id)
        let groups = try test.store.summaries { reader in try reader.touchedDeals(now: test.now, staleDays: 30) }
        #expect(groups.map(\.currency) == ["USD"])
        #expect(groups.map(\.count) == [1])
        #expect(groups.map(\.amount) == [1_000])
        let oracle = try test.store.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.currency, COUNT(*), SUM(d.amount_minor)
                    FROM (SELECT DISTINCT deal_id FROM activities
                          WHERE deal_id IS NOT NULL AND deleted = 0 AND created_at >= :cutoff) AS t
                    JOIN deals d ON d.id = t.deal_id JOIN stages s ON s.id = d.stage_id
                    WHERE d.deleted = 0 AND s.kind = 'open' AND COALESCE(d.created_at, :now) < :cutoff
                    GROUP BY d.currency
                    """, arguments: ["now": test.now, "cutoff": test.now - 30 * Self.day])
        }
        #expect(groups == oracle.map { TouchedGroup(currency: $0[0], count: $0[1], amount: $0[2]) })
    }

    @Test func touchedDealsReadOneRangeOfACoveringIndex() throws {
        let test = try TestStore()
        let plan = try test.store.read { db in
            final class Captured { var sql: [String] = [] }
            let captured = Captured()
            db.trace { event in
                if case .statement(let statement) = event, statement.sql.contains("last_activity_at") {
                    captured.sql.append(statement.expandedSQL)
                }
            }
            _ = try DealQueries.touchedDeals(db, now: test.now, staleDays: 30)
            db.trace()
            let sql = try #require(captured.sql.first)
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("COVERING INDEX deals_touched") }, "\(plan)")
    }

    @Test func checkReportsADriftedTime() throws {
        let test = try TestStore()
        _ = try call(test, on: try deal(test, "Pilot", createdDaysAgo: 1), daysAgo: 0)
        #expect(try test.store.check() == [])
        try test.store.writer.write { db in try db.execute(sql: "UPDATE deals SET last_activity_at = 1") }
        #expect(try test.store.check().contains { $0.hasPrefix("analytics aging: 1 deals") })
    }
}
