// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB
import Testing

@testable import CRMStore

/// The trigger-kept `deal_totals` and `deal_reach` (migration `v5-analytics-aggregates`) must
/// equal what a scan of the deals and their history gives, after every kind of write.
@Suite struct AnalyticsAggregatesTests {
    /// Each aggregate table next to the same figures recomputed from the deals, with the test's own SQL.
    static let tables: [(kept: String, scan: String)] = [
        (
            """
            SELECT stage_id, currency, owner_key, created_day, deals, amount, weighted, unweighted_amount, undated,
                undated_amount, created_offset_sum
            FROM deal_totals WHERE deals != 0 ORDER BY 1, 2, 3, 4
            """,
            """
            SELECT stage_id, currency, COALESCE(owner_id, '') AS owner_key,
                COALESCE(created_at / 86400000, -1000000000000) AS created_day, COUNT(*) AS deals,
                SUM(amount_minor) AS amount, COALESCE(SUM(amount_minor * probability), 0) AS weighted,
                COALESCE(SUM(CASE WHEN probability IS NULL THEN amount_minor END), 0) AS unweighted_amount,
                SUM(created_at IS NULL) AS undated,
                COALESCE(SUM(CASE WHEN created_at IS NULL THEN amount_minor END), 0) AS undated_amount,
                COALESCE(SUM(created_at - 1700000000000), 0) AS created_offset_sum
            FROM deals WHERE deleted = 0 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """
        ),
        (
            """
            SELECT stage_id, currency, owner_key, closed_day, deals, amount, cycle_sum
            FROM deal_closed_totals WHERE deals != 0 ORDER BY 1, 2, 3, 4
            """,
            """
            SELECT stage_id, currency, COALESCE(owner_id, '') AS owner_key, closed_at / 86400000 AS closed_day,
                COUNT(*) AS deals, SUM(amount_minor) AS amount,
                SUM(closed_at - COALESCE(created_at, closed_at)) AS cycle_sum
            FROM deals WHERE deleted = 0 AND closed_at IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """
        ),
        (
            """
            SELECT stage_id, currency, close_date, probability_key, deals, amount
            FROM deal_forecast_totals WHERE deals != 0 ORDER BY 1, 2, 3, 4
            """,
            """
            SELECT stage_id, currency, close_date, COALESCE(probability, -1) AS probability_key, COUNT(*) AS deals,
                SUM(amount_minor) AS amount
            FROM deals WHERE deleted = 0 AND close_date IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """
        ),
        (
            """
            SELECT status, priority, fr_state, res_state, cases, response_sum, resolution_sum
            FROM case_totals WHERE cases != 0 ORDER BY 1, 2, 3, 4
            """,
            """
            SELECT status, priority,
                CASE WHEN first_response_at <= COALESCE(first_response_due, created_at) THEN 'met' ELSE 'breached' END
                    AS fr_state,
                CASE WHEN resolved_at <= COALESCE(resolution_due, created_at) THEN 'met' ELSE 'breached' END AS res_state,
                COUNT(*) AS cases, COALESCE(SUM(first_response_at - created_at), 0) AS response_sum,
                COALESCE(SUM(resolved_at - created_at - COALESCE(paused_ms, 0)), 0) AS resolution_sum
            FROM cases WHERE deleted = 0 AND first_response_at IS NOT NULL AND resolved_at IS NOT NULL
                AND paused_at IS NULL
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """
        ),
    ]

    /// `deal_reach` recomputed from the history, for every deal.
    static let reachScan = """
        SELECT d.num AS deal_num, d.deleted = 0 AS live,
            (SELECT COALESCE(SUM(DISTINCT 1 << (s.num - 1)), 0) FROM stage_history h JOIN stages s ON s.id = h.to_stage_id
             WHERE h.deal_id = d.id AND h.deleted = 0) AS mask,
            (SELECT MIN(created_at) FROM stage_history WHERE deal_id = d.id AND deleted = 0) AS first_at
        FROM deals d ORDER BY d.num
        """

    static let reachKept = "SELECT deal_num, live, mask, first_at FROM deal_reach ORDER BY deal_num"

    static func expectKeptEqualsScan(_ db: Database, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for table in tables {
            #expect(
                try Row.fetchAll(db, sql: table.kept) == (try Row.fetchAll(db, sql: table.scan)),
                sourceLocation: sourceLocation)
        }
        #expect(
            try Row.fetchAll(db, sql: reachKept) == (try Row.fetchAll(db, sql: reachScan)),
            sourceLocation: sourceLocation)
        #expect(
            try Row.fetchAll(db, sql: touchKept) == (try Row.fetchAll(db, sql: touchScan)),
            sourceLocation: sourceLocation)
    }

    /// Each deal's `last_activity_at` (migration `v20-deal-last-activity`) and the same recomputed from its activities.
    static let touchKept = "SELECT num, last_activity_at FROM deals ORDER BY num"
    static let touchScan = """
        SELECT d.num AS num,
            (SELECT MAX(created_at) FROM activities WHERE deal_id = d.id AND deleted = 0) AS last_activity_at
        FROM deals d ORDER BY d.num
        """

    @Test func keptFiguresEqualAScanAfterEveryKindOfWriteAndOnAnotherDevice() throws {
        let a = try TestStore()
        let b = try TestStore()
        let stages = try a.store.stages()
        let open = stages.filter { $0.kind == .open }
        let won = try #require(stages.first { $0.kind == .won })
        let owner = try a.store.create(.user, ["name": .text("Rep"), "role": .text("rep")])
        var deals: [RecordID] = []
        for index in 0..<12 {
            var fields: [String: FieldValue] = [
                "title": .text("Deal \(index)"),
                "amount": .money(
                    Money(
                        minorUnits: Int64(1_000 * (index + 1)), currency: try Currency(index % 3 == 0 ? "EUR" : "USD"))),
            ]
            if index % 2 == 0 { fields["owner_id"] = .text(owner.rawValue) }
            if index % 4 == 1 { fields["probability"] = .integer(40) }
            if index % 3 != 2 { fields["close_date"] = .text("2026-12-\(10 + index)") }
            if index % 5 != 4 { fields["created_at"] = .integer(a.now - Int64(index) * 7 * 86_400_000 - 3_600_000) }
            deals.append(try a.store.addDeal(fields))
        }
        try a.store.read { db in try Self.expectKeptEqualsScan(db) }
        try a.store.moveDeal(deals[0], to: open[2].id)
        try a.store.moveDeal(deals[0], to: open[1].id)  // back to an earlier stage
        try a.store.moveDeal(deals[1], to: won.id)
        try a.store.update(
            .deal, id: deals[2], ["amount": .money(Money(minorUnits: 99, currency: try Currency("GBP")))])
        try a.store.update(.deal, id: deals[3], ["owner_id": .text(owner.rawValue), "probability": .integer(10)])
        try a.store.update(.deal, id: deals[4], ["created_at": .null, "close_date": .text("2027-01-05")])
        try a.store.update(.deal, id: deals[0], ["close_date": .null])
        try a.store.delete(.deal, id: deals[5])
        try a.store.read { db in try Self.expectKeptEqualsScan(db) }
        let relay = SyncHarness()
        try relay.sync([a.store, b.store])
        try b.store.read { db in try Self.expectKeptEqualsScan(db) }
        try b.store.moveDeal(deals[6], to: won.id)
        try relay.sync([a.store, b.store])
        try relay.sync([a.store, b.store])
        for test in [a, b] { try test.store.read { db in try Self.expectKeptEqualsScan(db) } }
        #expect(try b.store.read { db in try Int.fetchOne(db, sql: "SELECT SUM(deals) FROM deal_totals") } == 11)
        for test in [a, b] { try Self.expectStageTotalsEqualAScan(test.store, stages: stages) }
    }

    /// The board's stage headers (`stageTotals`, read from `deal_totals`) against the deals themselves.
    static func expectStageTotalsEqualAScan(_ store: Store, stages: [PipelineStage]) throws {
        for stage in stages {
            let totals = try store.stageTotals(stage.id)
            let rows = try store.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT currency, COUNT(*) AS n, SUM(amount_minor) AS total FROM deals
                            WHERE stage_id = ? AND deleted = 0 GROUP BY currency ORDER BY currency
                        """, arguments: [stage.id.rawValue])
            }
            #expect(totals.count == rows.reduce(0) { $0 + ($1["n"] as Int) }, "\(stage.name)")
            #expect(
                totals.amounts.map { "\($0.currency.code) \($0.minorUnits)" }
                    == rows.map { "\($0["currency"] as String) \($0["total"] as Int64)" }, "\(stage.name)")
        }
    }

    /// Cases settle (first response and resolution done, not paused) and unsettle again
    /// (reopened, paused) through the write path and through sync.
    @Test func caseTotalsFollowCasesAsTheySettleAndReopen() throws {
        let a = try TestStore()
        let b = try TestStore()
        var cases: [RecordID] = []
        for (index, priority) in ["low", "normal", "high", "urgent", "high", "low"].enumerated() {
            cases.append(
                try a.store.openCase(["subject": .text("Case \(index)"), "priority": .text(priority)]))
        }
        a.advance(minutes: 30)
        for id in cases.prefix(5) { _ = try a.store.replyToCase(id, text: "On it") }
        a.advance(minutes: 600)
        for id in cases.prefix(4) { try a.store.setCaseStatus(id, .solved) }
        try a.store.setCaseStatus(cases[1], .closed)
        try a.store.read { db in
            try Self.expectKeptEqualsScan(db)
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(cases) FROM case_totals") == 4)
        }
        try a.store.setCaseStatus(cases[2], .open)  // reopened: unsettled again
        try a.store.setCaseStatus(cases[4], .pending)
        try a.store.delete(.supportCase, id: cases[3])
        try a.store.read { db in try Self.expectKeptEqualsScan(db) }
        let relay = SyncHarness()
        try relay.sync([a.store, b.store])
        try b.store.setCaseStatus(cases[4], .solved)
        try relay.sync([a.store, b.store])
        try relay.sync([a.store, b.store])
        for test in [a, b] { try test.store.read { db in try Self.expectKeptEqualsScan(db) } }
        #expect(try b.store.check() == [])
    }

    /// A large demo load runs without the triggers and rebuilds the summaries once at its end;
    /// a load interrupted with them off has them rebuilt when the database is next opened.
    @Test func aBulkLoadRebuildsTheSummariesAndAnInterruptedOneIsRepairedAtOpen() throws {
        let test = try TestStore()
        let stages = try test.store.stages()
        let deals = try test.store.bulkLoading(deferAggregates: true) {
            let suspended = try test.store.read { db in try AggregateRebuild.isSuspended(db) }
            #expect(suspended)
            for index in 0..<30 {
                let id = try test.store.addDeal([
                    "title": .text("Deal \(index)"),
                    "amount": .money(Money(minorUnits: Int64(100 * index), currency: try Currency("USD"))),
                    "close_date": .text("2026-12-0\(1 + index % 9)"),
                ])
                try test.store.moveDeal(id, to: stages[index % stages.count].id)
            }
            return 30
        }
        let summary = (deals: deals, unused: 0)
        try test.store.read { db in
            #expect(try !AggregateRebuild.isSuspended(db))
            try Self.expectKeptEqualsScan(db)
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(deals) FROM deal_totals") == summary.deals)
        }
        // Off by a load still running in another live process (pid 1 here): opening leaves them.
        try test.store.writer.write { db in
            try AggregateRebuild.suspend(db)
            try db.execute(
                sql: "UPDATE settings SET value = '1' WHERE key = ?", arguments: [AggregateRebuild.loaderKey])
        }
        var quiet: [String] = []
        let meanwhile = try Store.open(path: test.path, onUpgrade: { quiet += $0 })
        #expect(quiet.isEmpty)
        #expect(try meanwhile.read { db in try AggregateRebuild.isSuspended(db) })
        // The loader is gone (a pid no process has): the next open repairs.
        try test.store.writer.write { db in
            try db.execute(
                sql: "UPDATE settings SET value = '2147483000' WHERE key = ?", arguments: [AggregateRebuild.loaderKey])
        }
        try test.store.addDeal([
            "title": .text("Written while suspended"),
            "amount": .money(Money(minorUnits: 100, currency: try Currency("USD"))),
        ])
        var announced: [String] = []
        let reopened = try Store.open(path: test.path, onUpgrade: { announced += $0 })
        #expect(announced.count == 1)
        try reopened.read { db in
            #expect(try !AggregateRebuild.isSuspended(db))
            try Self.expectKeptEqualsScan(db)
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(deals) FROM deal_totals") == summary.deals + 1)
        }
        #expect(try reopened.check() == [])
    }

    /// A pulled history row can name a deal or a stage that has not arrived yet.
    @Test func historyThatArrivesBeforeItsDealOrStageIsCountedWhenTheyArrive() throws {
        let db = try DatabaseQueue()
        try Schema.migrator().migrate(db)
        try db.write { db in
            let meta = "1, 1, 'device'"
            try db.execute(
                sql: """
                    INSERT INTO stage_history (id, deal_id, to_stage_id, created_at, updated_at, hlc, hlc_device)
                        VALUES ('h1', 'd1', 's-late', 500, \(meta)), ('h2', 'd1', 's-late', 400, \(meta));
                    INSERT INTO deals (id, title, amount_minor, currency, stage_id, created_at, updated_at, hlc, hlc_device)
                        VALUES ('d1', 'Pilot', 100, 'USD', 's-late', 300, \(meta));
                    """)
            #expect(try Row.fetchOne(db, sql: "SELECT mask, first_at FROM deal_reach") == ["mask": 0, "first_at": 400])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reach_pending") == 2)
            try db.execute(
                sql: """
                    INSERT INTO stages (id, name, position, probability, kind, updated_at, hlc, hlc_device)
                        VALUES ('s-late', 'Late', 9, 50, 'open', \(meta))
                    """)
            let num = try #require(try Int64.fetchOne(db, sql: "SELECT num FROM stages WHERE id = 's-late'"))
            #expect(try Int64.fetchOne(db, sql: "SELECT mask FROM deal_reach") == 1 << (num - 1))
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reach_pending") == 0)
            try db.execute(sql: "UPDATE stage_history SET deleted = 1 WHERE id = 'h2'")
            #expect(try Int64.fetchOne(db, sql: "SELECT first_at FROM deal_reach") == 500)
            try db.execute(sql: "UPDATE stage_history SET deleted = 1 WHERE id = 'h1'")
            #expect(try Row.fetchOne(db, sql: "SELECT mask, first_at FROM deal_reach") == ["mask": 0, "first_at": nil])
            try Self.expectKeptEqualsScan(db)
        }
    }

    /// A database written before the aggregates existed gets them filled when it is opened.
    @Test func upgradingAnOlderDatabaseFillsTheAggregates() throws {
        let db = try DatabaseQueue()
        let migrator = Schema.migrator()
        try migrator.migrate(db, upTo: "v4-analytics-indexes")
        try db.write { db in
            let meta = "1, 1, 'device'"
            try db.execute(
                sql: """
                    INSERT INTO stages (id, name, position, probability, kind, updated_at, hlc, hlc_device)
                        VALUES ('s1', 'Lead', 1, 10, 'open', \(meta)), ('s2', 'Won', 2, 100, 'won', \(meta));
                    INSERT INTO deals (id, title, amount_minor, currency, stage_id, owner_id, probability, created_at,
                            closed_at, close_date, deleted, updated_at, hlc, hlc_device)
                        VALUES ('d1', 'A', 100, 'USD', 's1', NULL, NULL, 1764000000000, NULL, '2026-12-01', 0, \(meta)),
                               ('d2', 'B', 250, 'USD', 's2', 'u1', 30, 1763000000000, 1764000000000, NULL, 0, \(meta)),
                               ('d3', 'C', 999, 'EUR', 's1', 'u1', NULL, NULL, NULL, '2026-12-01', 0, \(meta)),
                               ('d4', 'D', 7, 'EUR', 's1', NULL, NULL, 1, NULL, '2026-12-01', 1, \(meta));
                    INSERT INTO stage_history (id, deal_id, to_stage_id, created_at, updated_at, hlc, hlc_device)
                        VALUES ('h1', 'd1', 's1', 10, \(meta)), ('h2', 'd2', 's1', 20, \(meta)),
                               ('h3', 'd2', 's2', 30, \(meta)), ('h4', 'd4', 's1', 40, \(meta));
                    """)
        }
        try migrator.migrate(db)
        try db.read { db in
            try Self.expectKeptEqualsScan(db)
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(deals) FROM deal_totals") == 3)
            #expect(try Int.fetchOne(db, sql: "SELECT mask FROM deal_reach WHERE deal_num = 2") == 3)
        }
    }

    /// `crm check` reports aggregates that drifted from the deals (a write that bypassed the triggers).
    @Test func checkReportsDriftedAggregates() throws {
        let test = try TestStore()
        try test.store.addDeal([
            "title": .text("Pilot"), "amount": .money(Money(minorUnits: 100, currency: try Currency("USD"))),
        ])
        #expect(try test.store.check() == [])
        try test.store.writer.write { db in try db.execute(sql: "UPDATE deal_totals SET amount = amount + 1") }
        #expect(try test.store.check().contains { $0.hasPrefix("analytics totals: 1 ") })
        try test.store.writer.write { db in try db.execute(sql: "DELETE FROM deal_reach") }
        #expect(try test.store.check().contains { $0.hasPrefix("analytics funnel: 1 deals") })
    }
}
