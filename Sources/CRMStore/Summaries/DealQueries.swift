// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// The SQL behind the pipeline metrics: the totals the store's triggers keep (migration
/// `v5-analytics-aggregates`) and a few range scans over covering indexes (`v4-analytics-indexes`),
/// each returning a few dozen rows.
///
/// `INDEXED BY` pins the covering index where SQLite's planner would otherwise pick an index
/// that gives the GROUP BY order but needs a table lookup per row (measured: 2–3× slower),
/// unless a bulk load has dropped it (`IndexHint`).
enum DealQueries {
    static let day: Int64 = 86_400_000

    /// The pipeline's live stages in board order.
    static func stages(_ db: Database) throws -> [PipelineStage] {
        try Row.fetchAll(db, sql: "SELECT * FROM stages WHERE deleted = 0 ORDER BY position, num").compactMap { row in
            guard let id = RecordID(row["id"] as String) else { return nil }
            return PipelineStage(
                id: id, num: row["num"], name: row["name"], position: row["position"], probability: row["probability"],
                kind: StageKind(rawValue: row["kind"]) ?? .open)
        }
    }

    /// Live open deals by stage, currency and owner, with age bands and the stale cut-off as sums,
    /// from the maintained totals (`OpenDealTotals`).
    static func openDeals(_ db: Database, now: Int64, staleDays: Int) throws -> [OpenDealGroup] {
        try OpenDealTotals(db: db, now: now, staleCutoff: now - Int64(staleDays) * day).groups()
    }

    /// Live won and lost deals, closed in `period` if given, by kind, currency and owner, from
    /// the maintained totals (`ClosedDealTotals`).
    static func closedDeals(_ db: Database, in period: AnalyticsPeriod?) throws -> [ClosedDealGroup] {
        var kinds: [String: StageKind] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, kind FROM stages") {
            kinds[row[0]] = StageKind(rawValue: row[1])
        }
        var groups: [ClosedDealGroup] = []
        for row in try ClosedDealTotals(db: db, period: period).rows() {
            let kind = kinds[row[0] as String] ?? .lost
            let owner: String? = row[2]
            // Two won (or lost) stages fold into one group per kind, currency and owner.
            if let index = groups.firstIndex(where: { $0.kind == kind && $0.currency == row[1] && $0.ownerID == owner })
            {
                groups[index].count += row[3]
                groups[index].amount += row[4]
                groups[index].cycleMillis += row[5]
            } else {
                groups.append(
                    ClosedDealGroup(
                        kind: kind, currency: row[1], ownerID: owner, count: row[3], amount: row[4], cycleMillis: row[5]
                    ))
            }
        }
        return groups
    }

    /// Live open deals whose expected close date falls in `period`, by currency and commit, from
    /// `deal_forecast_totals` (a deal without its own probability takes its stage's).
    static func forecastDeals(_ db: Database, in period: AnalyticsPeriod, commitPercent: Int) throws
        -> [ForecastGroup]
    {
        let probability = "CASE WHEN t.probability_key = -1 THEN s.probability ELSE t.probability_key END"
        let sql = """
            SELECT t.currency, \(probability) >= ? AS is_commit, SUM(t.deals), SUM(t.amount),
                SUM(t.amount * \(probability))
            FROM deal_forecast_totals t JOIN stages s ON s.id = t.stage_id
            WHERE t.deals != 0 AND t.close_date >= ? AND t.close_date < ? AND s.kind = 'open'
            GROUP BY t.currency, is_commit
            """
        let arguments: StatementArguments = [commitPercent, period.firstDay.text, period.endDay.text]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            ForecastGroup(currency: row[0], commit: row[1], count: row[2], amount: row[3], weightedPercent: row[4])
        }
    }

    /// Open deals created before the stale cut-off that have a live activity since it: a range
    /// of the covering index on `last_activity_at` (`v20-deal-last-activity`).
    static func touchedDeals(_ db: Database, now: Int64, staleDays: Int) throws -> [TouchedGroup] {
        let sql = """
            SELECT d.currency, COUNT(*), SUM(d.amount_minor)
            FROM deals d \(try IndexHint.indexedBy("deals_touched", db)) JOIN stages s ON s.id = d.stage_id
            WHERE d.deleted = 0 AND d.last_activity_at IS NOT NULL AND d.last_activity_at >= :cutoff
                AND s.kind = 'open' AND COALESCE(d.created_at, :now) < :cutoff
            GROUP BY d.currency
            """
        let arguments: StatementArguments = ["now": now, "cutoff": now - Int64(staleDays) * day]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            TouchedGroup(currency: row[0], count: row[1], amount: row[2])
        }
    }

    /// Names of users by id, for the leaderboard and the task list.
    static func userNames(_ db: Database) throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM users") { names[row[0]] = row[1] }
        return names
    }
}
