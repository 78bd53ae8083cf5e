// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// The open-deal figures read from the day-bucketed totals must equal a scan of the deals to the
/// millisecond, wherever in a day the band and stale cut-offs fall; the funnel read from the
/// reach masks must equal the history scan.
@Suite struct OpenDealTotalsTests {
    static let day: Int64 = 86_400_000

    /// The open-deal scan the totals replaced, kept here as the reference.
    static func scan(_ db: Database, now: Int64, staleDays: Int) throws -> [Row] {
        let band = { (name: String) in
            "SUM(c > :\(name)), COALESCE(SUM(CASE WHEN c > :\(name) THEN amount_minor END), 0)"
        }
        let sql = """
            SELECT stage_id, currency, owner_id, COUNT(*), SUM(amount_minor), COALESCE(SUM(amount_minor * probability), 0),
                COALESCE(SUM(CASE WHEN probability IS NULL THEN amount_minor END), 0), SUM(:now - c),
                \(band("t31")), \(band("t61")), \(band("t91")),
                SUM(c < :cutoff), COALESCE(SUM(CASE WHEN c < :cutoff THEN amount_minor END), 0)
            FROM (SELECT stage_id, currency, owner_id, amount_minor, probability, COALESCE(created_at, :now) AS c FROM deals
                  WHERE deleted = 0 AND stage_id IN (SELECT id FROM stages WHERE kind = 'open'))
            GROUP BY stage_id, currency, owner_id ORDER BY stage_id, currency, owner_id
            """
        return try Row.fetchAll(
            db, sql: sql,
            arguments: [
                "now": now, "cutoff": now - Int64(staleDays) * day, "t31": now - 31 * day, "t61": now - 61 * day,
                "t91": now - 91 * day,
            ])
    }

    /// The scan's row layout, from a group.
    static func flatten(_ group: OpenDealGroup) -> [Int64?] {
        let cumulative = (1...3).map { upTo in
            group.bands.prefix(upTo).reduce(OpenDealGroup.Slice(count: 0, amount: 0)) {
                OpenDealGroup.Slice(count: $0.count + $1.count, amount: $0.amount + $1.amount)
            }
        }
        return [
            Int64(group.count), group.amount, group.ownWeightedPercent, group.stageDefaultAmount, group.ageMillis,
        ] + cumulative.flatMap { [Int64($0.count), $0.amount] } + [Int64(group.old.count), group.old.amount]
    }

    @Test(arguments: [0, 1, 3_600_000, 43_200_000, 86_399_999])
    func openDealsEqualTheScanWhereverTheCutOffsFallInADay(offset: Int64) throws {
        let test = try TestStore()
        let now = 1_764_000_000_000 / Self.day * Self.day + offset
        test.now = now
        let stage = try #require(try test.store.stages().first { $0.kind == .open })
        var amount: Int64 = 100
        // Deals on and around each cut-off, a millisecond apart, plus undated ones.
        for cut: Int64 in [31, 61, 91, 30, 5, 200] {
            for delta: Int64 in [-Self.day, -1, 0, 1, Self.day / 2] {
                amount += 1
                try test.store.addDeal([
                    "title": .text("D"), "amount": .money(Money(minorUnits: amount, currency: try Currency("USD"))),
                    "stage_id": .text(stage.id.rawValue), "created_at": .integer(now - cut * Self.day + delta),
                    "probability": amount % 3 == 0 ? .integer(20) : .null,
                ])
            }
        }
        try test.store.addDeal([
            "title": .text("Undated"), "amount": .money(Money(minorUnits: 5, currency: try Currency("USD"))),
            "stage_id": .text(stage.id.rawValue),
        ])
        try test.store.write { recorder in
            try recorder.db.execute(sql: "UPDATE deals SET created_at = NULL WHERE title = 'Undated'")
        }
        try test.store.read { db in
            let kept = try DealQueries.openDeals(db, now: now, staleDays: 30)
            let scanned = try Self.scan(db, now: now, staleDays: 30)
            #expect(kept.count == scanned.count && !kept.isEmpty)
            for (group, row) in zip(kept, scanned) {
                #expect(group.stageID == row[0] && group.currency == row[1] && group.ownerID == row[2])
                #expect(Self.flatten(group) == (3..<16).map { row[$0] as Int64? })
            }
        }
    }

    /// Rows of (stage, currency, owner, count, amount, Σ cycle) summed per group.
    static func summed(_ rows: [Row]) -> [[String?]: [Int64]] {
        var groups: [[String?]: [Int64]] = [:]
        for row in rows {
            let key: [String?] = [row[0], row[1], row[2]]
            let values: [Int64] = [row[3], row[4], row[5]]
            groups[key] = zip(groups[key] ?? [0, 0, 0], values).map { $0 + $1 }
        }
        return groups
    }

    /// The closed-deal scan the totals replaced.
    static func closedScan(_ db: Database, _ period: AnalyticsPeriod) throws -> [Row] {
        let sql = """
            SELECT stage_id, currency, owner_id, COUNT(*), SUM(amount_minor), SUM(closed_at - COALESCE(created_at, closed_at))
            FROM deals WHERE deleted = 0 AND closed_at >= ? AND closed_at < ?
                AND stage_id IN (SELECT id FROM stages WHERE kind IN ('won', 'lost'))
            GROUP BY stage_id, currency, owner_id
            """
        return try Row.fetchAll(db, sql: sql, arguments: [period.start, period.end])
    }

    /// Months, a quarter and a few days in a zone whose midnight is not UTC's, around deals
    /// closed a millisecond either side of the periods' edges.
    @Test func closedDealsInAPeriodEqualTheScanAtEveryEdge() throws {
        let test = try TestStore()
        let zone = try #require(TimeZone(identifier: "Asia/Kolkata"))
        let won = try #require(try test.store.stages().first { $0.kind == .won })
        let lost = try #require(try test.store.stages().first { $0.kind == .lost })
        let november = AnalyticsPeriod.month(containing: test.now, in: zone)
        let quarter = AnalyticsPeriod.quarter(containing: test.now, in: zone)
        var amount: Int64 = 1_000
        for edge in [november.start, november.end, quarter.start, quarter.end] {
            for delta: Int64 in [-Self.day, -1, 0, 1, Self.day / 3] {
                amount += 7
                try test.store.addDeal([
                    "title": .text("D"), "amount": .money(Money(minorUnits: amount, currency: try Currency("USD"))),
                    "stage_id": .text((amount % 2 == 0 ? won : lost).id.rawValue),
                    "created_at": .integer(edge - 40 * Self.day), "closed_at": .integer(edge + delta),
                ])
            }
        }
        let days = try AnalyticsPeriod.days(
            from: CalendarDate(year: 2025, month: 10, day: 31), to: CalendarDate(year: 2025, month: 11, day: 2),
            in: zone)
        try test.store.read { db in
            for period in [november, quarter, days, AnalyticsPeriod.month(containing: november.start - 1, in: zone)] {
                let kept = Self.summed(try ClosedDealTotals(db: db, period: period).rows())
                #expect(!kept.isEmpty)
                #expect(kept == Self.summed(try Self.closedScan(db, period)), "\(period)")
            }
        }
    }

    /// Deals with a stage history: moves forward, a skip, a move back, a loss, a deal created
    /// past the first stage, one created straight into Won, and a deleted one.
    static func history() throws -> TestStore {
        let test = try TestStore()
        let stages = try test.store.stages()
        func stage(_ name: String) throws -> RecordID { try #require(stages.first { $0.name == name }).id }
        let paths: [[String]] = [
            ["Lead"], ["Lead", "Qualified", "Proposal"], ["Negotiation"], ["Lead", "Qualified", "Won"],
            ["Lead", "Proposal", "Lost"], ["Won"], ["Lead", "Qualified", "Lead"], ["Lead", "Lost"],
            ["Negotiation", "Won"],
        ]
        var ids: [RecordID] = []
        for (index, path) in paths.enumerated() {
            let id = try test.store.addDeal([
                "title": .text("D\(index)"),
                "amount": .money(Money(minorUnits: Int64(100 * (index + 1)), currency: try Currency("USD"))),
                "stage_id": .text(try stage(path[0]).rawValue),
            ])
            for next in path.dropFirst() {
                test.advance(minutes: 90)
                try test.store.moveDeal(id, to: try stage(next))
            }
            ids.append(id)
        }
        try test.store.delete(.deal, id: ids[1])
        return test
    }

    @Test func funnelFromReachMasksEqualsTheHistoryScan() throws {
        let test = try Self.history()
        try test.store.read { db in
            let stages = try DealQueries.stages(db)
            let counted = stages.filter { $0.kind != .lost }
            let kept = try DealQueries.funnel(db, stages: stages, createdIn: nil)
            #expect(!kept.isEmpty)
            #expect(kept == (try DealQueries.funnelScan(db, counted: counted, createdIn: nil)))
        }
    }

    /// Past 63 stage nums the mask cannot hold a stage: the funnel scans the history instead.
    @Test func aStageBeyondTheMaskFallsBackToTheScan() throws {
        let test = try Self.history()
        let store = test.store
        let before = try store.read { db in
            try DealQueries.funnel(db, stages: try DealQueries.stages(db), createdIn: nil)
        }
        for index in 0..<64 {
            let id = try store.addStage(name: "Extra \(index)", probability: 50)
            if index < 63 { try store.delete(.stage, id: id) }
        }
        let last = try #require(try store.stages().max { $0.num < $1.num })
        #expect(last.num > 63)
        let deal = try store.addDeal([
            "title": .text("Late"), "amount": .money(Money(minorUnits: 100, currency: try Currency("USD"))),
            "stage_id": .text(last.id.rawValue),
        ])
        let after = try store.read { db in
            try DealQueries.funnel(db, stages: try DealQueries.stages(db), createdIn: nil)
        }
        #expect(after.reduce(0) { $0 + $1.deals } == before.reduce(0) { $0 + $1.deals } + 1)
        #expect(after.contains { $0.position == last.position && $0.deals == 1 })
        _ = deal
    }
}
