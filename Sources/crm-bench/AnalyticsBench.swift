// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMAnalytics
import CRMCore
import CRMStore
import Foundation
import GRDB

/// Full analytics recompute over the bench's deals plus cases, next to a one-query SQL baseline,
/// and the time from a deal edit to fresh numbers through the running engine.
struct AnalyticsBench {
    let store: Store
    let options: BenchOptions

    func run(into report: inout BenchReport) throws {
        let existing = try store.count(.supportCase)
        let cases = max(0, options.contacts / 5 - existing)
        let seconds = try Measure.seconds { try addCases(cases) }
        if existing == 0 { try addDealActivities() }
        let counts = try BareSQLite.read(store.path) { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deals") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stage_history") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0
            )
        }
        report.print(
            "\n== analytics (\(counts.0) deals, \(counts.1) stage-history rows, \(counts.2) cases; cases written in \(String(format: "%.1f", seconds)) s)"
        )
        try recompute(into: &report)
        try freshness(into: &report)
    }

    private func recompute(into report: inout BenchReport) throws {
        let request = AnalyticsRequest(now: store.nowMillis, timeZone: .current)
        let runs = Array(0..<5)
        let bare = try BareSQLite.open(store.path)
        let baseline = try Measure.samples(runs, warmup: 1) { _ in try baselineQuery(bare) }
        let deals = try Measure.samples(runs, warmup: 1) { _ in
            _ = try store.summaries { reader in try Analytics.dealPart(reader, request) }
        }
        let funnel = try Measure.samples(runs, warmup: 1) { _ in
            _ = try store.summaries { reader in try Analytics.funnelReach(reader, request) }
        }
        let cases = try Measure.samples(runs, warmup: 1) { _ in
            _ = try store.summaries { reader in try Analytics.casePart(reader, request) }
        }
        let serial = try Measure.samples(runs, warmup: 1) { _ in _ = try Analytics.compute(store, request) }
        let engine = try engineRecompute(runs: runs.count)
        report.print(Measure.line("baseline: 1 GROUP BY on deals, 1 on cases", baseline))
        report.print(Measure.line("deals part (pipeline, forecast, win rate…)", deals))
        report.print(Measure.line("funnel part (stage history)", funnel))
        report.print(Measure.line("cases part (SLA, overdue tasks)", cases))
        report.print(Measure.line("full recompute, one thread", serial, target: "< 1000 ms"))
        report.print(Measure.line("full recompute, engine (3 parallel workers)", engine, target: "< 1000 ms"))
    }

    /// The plainest SQL that touches the same rows: what SQLite needs just to read them once.
    private func baselineQuery(_ bare: DatabaseQueue) throws {
        try bare.read { db in
            _ = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.currency, s.kind, COUNT(*), SUM(d.amount_minor) FROM deals d JOIN stages s ON s.id = d.stage_id
                    WHERE d.deleted = 0 GROUP BY d.currency, s.kind
                    """)
            _ = try Row.fetchAll(
                db, sql: "SELECT status, priority, COUNT(*) FROM cases WHERE deleted = 0 GROUP BY status, priority")
        }
    }

    private func engineRecompute(runs: Int) throws -> [Double] {
        let engine = AnalyticsEngine(store: store, options: .init(debounce: .milliseconds(0), pollInterval: nil))
        let arrived = DispatchSemaphore(value: 0)
        engine.subscribe { _ in arrived.signal() }
        engine.start()
        guard arrived.wait(timeout: .now() + 60) == .success else { throw BenchError("the engine published nothing") }
        let samples = try (0..<runs).map { _ in
            try Measure.seconds {
                engine.refresh()
                guard arrived.wait(timeout: .now() + 60) == .success else {
                    throw BenchError("the engine published nothing")
                }
            } * 1000
        }
        engine.stop()
        return samples
    }

    /// A deal moved to the next stage, until a subscriber holds a snapshot that shows it.
    private func freshness(into report: inout BenchReport) throws {
        let debounce = 50
        let engine = AnalyticsEngine(store: store, options: .init(debounce: .milliseconds(debounce), pollInterval: nil))
        let arrived = DispatchSemaphore(value: 0)
        engine.subscribe { _ in arrived.signal() }
        engine.start()
        guard arrived.wait(timeout: .now() + 60) == .success else { throw BenchError("the engine published nothing") }
        let stages = try store.stages().filter { $0.kind == .open }
        let deals = try store.deals(stageID: stages[0].id, limit: 5)
        let dealSamples = try deals.map { deal in
            try Self.untilFresh(engine, arrived) { try store.moveDeal(deal.id, to: stages[1].id) }
        }
        report.print(
            Measure.line("deal move → fresh snapshot (debounce \(debounce) ms)", dealSamples, target: "< 1000 ms"))
        let cases = try store.cases(CaseFilter(statuses: [.new]), limit: 5)
        let caseSamples = try cases.map { item in
            try Self.untilFresh(engine, arrived) { try store.setCaseStatus(item.id, .open) }
        }
        engine.stop()
        report.print(Measure.line("case edit → fresh snapshot (cases part only)", caseSamples, target: "< 1000 ms"))
    }

    /// Milliseconds from the start of `edit` until the engine has published a snapshot that includes it.
    private static func untilFresh(_ engine: AnalyticsEngine, _ arrived: DispatchSemaphore, _ edit: () throws -> Void)
        throws -> Double
    {
        try Measure.seconds {
            let before = engine.currentGeneration
            try edit()
            while engine.latest.map({ $0.generation <= before }) ?? true {
                guard arrived.wait(timeout: .now() + 60) == .success else { throw BenchError("no fresh snapshot") }
            }
        } * 1000
    }

    /// Cases through the one write path, 5,000 per transaction, in every status and priority.
    private func addCases(_ count: Int) throws {
        var random = SplitMix64(seed: 11)
        let now = store.nowMillis
        var made = 0
        while made < count {
            let batch = min(5_000, count - made)
            try store.write { recorder in
                for _ in 0..<batch { try Self.addCase(recorder, now: now, random: &random) }
            }
            made += batch
        }
    }

    private static func addCase(_ recorder: ChangeRecorder, now: Int64, random: inout SplitMix64) throws {
        let priority = SupportCase.Priority.allCases[Int(random.next() % 4)]
        let status = SupportCase.Status.allCases[Int(random.next() % 5)]
        let policy = SLAPolicy.defaults.first { $0.priority == priority } ?? SLAPolicy.defaults[0]
        let created = now - Int64(random.next() % (30 * 1440)) * 60_000
        let due = policy.dueTimes(createdAt: created, pausedMillis: 0)
        var fields: [String: FieldValue] = [
            "subject": .text("Case"), "priority": .text(priority.rawValue), "status": .text(status.rawValue),
            "created_at": .integer(created), "first_response_due": .integer(due.firstResponse),
            "resolution_due": .integer(due.resolution), "paused_ms": .integer(0),
        ]
        if status != .new { fields["first_response_at"] = .integer(created + Int64(random.next() % 300) * 60_000) }
        if status.isResolved {
            fields["resolved_at"] = .integer(min(now, created + Int64(random.next() % 6000) * 60_000))
        }
        if status == .pending { fields["paused_at"] = .integer(now - Int64(random.next() % 600) * 60_000) }
        try recorder.create(.supportCase, id: .make(), fields)
    }

    /// One call on every 20th deal, at a random time in the last 60 days (so some deals are stale).
    private func addDealActivities() throws {
        var random = SplitMix64(seed: 12)
        let now = store.nowMillis
        let ids = try BareSQLite.read(store.path) { db in
            try String.fetchAll(db, sql: "SELECT id FROM deals WHERE num % 20 = 0")
        }
        for chunk in stride(from: 0, to: ids.count, by: 5_000) {
            try store.write { recorder in
                for id in ids[chunk..<min(chunk + 5_000, ids.count)] {
                    try recorder.create(
                        .activity, id: .make(),
                        [
                            "kind": .text("call"), "subject": .text("Check-in"), "deal_id": .text(id),
                            "created_at": .integer(now - Int64(random.next() % 60) * 86_400_000),
                        ])
                }
            }
        }
    }
}
