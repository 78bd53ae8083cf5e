// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// The store's read-only query API for analytics: the summary tables its triggers keep, and the
/// few range scans beside them, all on one snapshot.
///
/// Analytics (the CLI's `crm report`, the TUI's engine, the benchmark) reads only through this,
/// so the SQL, the index pins and the summary tables' layout stay the store's business and a
/// schema change cannot leave a second copy of a query behind. Get one from
/// `Store.summaries(_:)`; it is valid only inside that call.
public struct SummaryReader {
    let db: Database

    /// The pipeline's live stages in board order.
    public func stages() throws -> [PipelineStage] { try DealQueries.stages(db) }

    /// Live open deals by stage, currency and owner, with age bands and the stale cut-off.
    public func openDeals(now: Int64, staleDays: Int) throws -> [OpenDealGroup] {
        try DealQueries.openDeals(db, now: now, staleDays: staleDays)
    }

    /// Live won and lost deals, closed in `period` if given, by kind, currency and owner.
    public func closedDeals(in period: AnalyticsPeriod?) throws -> [ClosedDealGroup] {
        try DealQueries.closedDeals(db, in: period)
    }

    /// Open deals expected to close in `period`, by currency and commit.
    public func forecastDeals(in period: AnalyticsPeriod, commitPercent: Int) throws -> [ForecastGroup] {
        try DealQueries.forecastDeals(db, in: period, commitPercent: commitPercent)
    }

    /// Open deals created before the stale cut-off that have a live activity since it.
    public func touchedDeals(now: Int64, staleDays: Int) throws -> [TouchedGroup] {
        try DealQueries.touchedDeals(db, now: now, staleDays: staleDays)
    }

    /// For every live deal, the furthest stage its history reached, counted per stage position.
    public func funnel(stages: [PipelineStage], createdIn period: AnalyticsPeriod?) throws -> [FunnelReach] {
        try DealQueries.funnel(db, stages: stages, createdIn: period)
    }

    /// Live cases (created in `period`, if given) by status, priority and SLA states at `now`.
    public func cases(now: Int64, createdIn period: AnalyticsPeriod?) throws -> [CaseGroup] {
        try CaseQueries.cases(db, now: now, createdIn: period)
    }

    /// Open tasks due before `now`, per owner, most overdue owners first.
    public func overdueTasks(now: Int64, names: [String: String]) throws -> [OverdueTasks] {
        try CaseQueries.overdueTasks(db, now: now, names: names)
    }

    /// Live deals won in each of consecutive `periods`, by currency, in one pass over the totals.
    public func wonDeals(in periods: [AnalyticsPeriod]) throws -> [[ClosedDealGroup]] {
        try WonPerPeriod(db: db, periods: periods).groups()
    }

    /// Live deals created in each period (the trend of new deals).
    public func dealsCreated(in periods: [AnalyticsPeriod]) throws -> [Int] {
        try TrendQueries.dealsCreated(db, in: periods)
    }

    /// Live cases created in each period.
    public func casesOpened(in periods: [AnalyticsPeriod]) throws -> [Int] {
        try TrendQueries.casesOpened(db, in: periods)
    }

    /// Live cases resolved in each period, and how many within their resolution SLA.
    public func casesResolved(in periods: [AnalyticsPeriod]) throws -> [ResolvedCases] {
        try TrendQueries.casesResolved(db, in: periods)
    }

    /// Names of users by id, for the leaderboard and the task list.
    public func userNames() throws -> [String: String] { try DealQueries.userNames(db) }

    /// Live record counts by kind: what a benchmark or a status line reports as the data's size.
    public func liveCounts() throws -> [EntityKind: Int] {
        var counts: [EntityKind: Int] = [:]
        for kind in [EntityKind.contact, .company, .deal, .supportCase, .activity] {
            counts[kind] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(kind.table) WHERE deleted = 0") ?? 0
        }
        return counts
    }
}

extension Store {
    /// Runs `body` with the summary queries on one read snapshot (a WAL reader: never waits on
    /// a writer, and every figure in one call comes from the same moment).
    public func summaries<T>(_ body: (SummaryReader) throws -> T) throws -> T {
        try writer.read { db in try body(SummaryReader(db: db)) }
    }

    /// The device's last change-log sequence: it moves on every local write and every applied
    /// pull, so a reader polling it sees other processes' writes.
    public func lastDeviceSequence() throws -> Int64? {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT last_device_seq FROM clock WHERE id = 1") }
    }
}
