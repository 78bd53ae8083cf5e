// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// The SQL behind the pipeline metrics: a few GROUP BY scans over covering indexes
/// (migration `v4-analytics-indexes`), each returning a few dozen rows.
///
/// `INDEXED BY` pins the covering index where SQLite's planner would otherwise pick an index
/// that gives the GROUP BY order but needs a table lookup per row (measured: 2–3× slower).
public enum DealQueries {
    static let day: Int64 = 86_400_000

    /// The pipeline's live stages in board order.
    public static func stages(_ db: Database) throws -> [PipelineStage] {
        try Row.fetchAll(db, sql: "SELECT * FROM stages WHERE deleted = 0 ORDER BY position, num").compactMap { row in
            guard let id = RecordID(row["id"] as String) else { return nil }
            return PipelineStage(
                id: id, num: row["num"], name: row["name"], position: row["position"], probability: row["probability"],
                kind: StageKind(rawValue: row["kind"]) ?? .open)
        }
    }

    /// Live open deals by stage, currency and owner, with age bands and the stale cut-off as sums.
    public static func openDeals(_ db: Database, now: Int64, staleDays: Int) throws -> [OpenDealGroup] {
        let band = { (name: String) in "SUM(c > :\(name)), COALESCE(SUM(CASE WHEN c > :\(name) THEN amount_minor END), 0)" }
        let sql = """
            SELECT stage_id, currency, owner_id, COUNT(*), SUM(amount_minor), COALESCE(SUM(amount_minor * probability), 0),
                COALESCE(SUM(CASE WHEN probability IS NULL THEN amount_minor END), 0), SUM(:now - c),
                \(band("t31")), \(band("t61")), \(band("t91")),
                SUM(c < :cutoff), COALESCE(SUM(CASE WHEN c < :cutoff THEN amount_minor END), 0)
            FROM (SELECT stage_id, currency, owner_id, amount_minor, probability, COALESCE(created_at, :now) AS c FROM deals
                  WHERE deleted = 0 AND stage_id IN (SELECT id FROM stages WHERE kind = 'open'))
            GROUP BY stage_id, currency, owner_id
            """
        let arguments: StatementArguments = [
            "now": now, "cutoff": now - Int64(staleDays) * day, "t31": now - 31 * day, "t61": now - 61 * day,
            "t91": now - 91 * day,
        ]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(openGroup)
    }

    /// Turns the cumulative "created within 31 / 61 / 91 days" sums into four bands.
    static func openGroup(_ row: Row) -> OpenDealGroup {
        let count: Int = row[3]
        let amount: Int64 = row[4]
        let within = [8, 10, 12].map { OpenDealGroup.Slice(count: row[$0], amount: row[$0 + 1]) }
        let bands = [
            within[0],
            OpenDealGroup.Slice(count: within[1].count - within[0].count, amount: within[1].amount - within[0].amount),
            OpenDealGroup.Slice(count: within[2].count - within[1].count, amount: within[2].amount - within[1].amount),
            OpenDealGroup.Slice(count: count - within[2].count, amount: amount - within[2].amount),
        ]
        return OpenDealGroup(
            stageID: row[0], currency: row[1], ownerID: row[2], count: count, amount: amount, ownWeightedPercent: row[5],
            stageDefaultAmount: row[6], ageMillis: row[7], bands: bands, old: OpenDealGroup.Slice(count: row[14], amount: row[15]))
    }

    /// Live won and lost deals, closed in `period` if given, by kind, currency and owner.
    public static func closedDeals(_ db: Database, in period: AnalyticsPeriod?) throws -> [ClosedDealGroup] {
        var kinds: [String: StageKind] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, kind FROM stages") { kinds[row[0]] = StageKind(rawValue: row[1]) }
        var sql = """
            SELECT stage_id, currency, owner_id, COUNT(*), SUM(amount_minor), SUM(closed_at - COALESCE(created_at, closed_at))
            FROM deals INDEXED BY deals_analytics_closed
            WHERE deleted = 0 AND closed_at IS NOT NULL AND stage_id IN (SELECT id FROM stages WHERE kind IN ('won', 'lost'))
            """
        var arguments: StatementArguments = []
        if let period {
            sql += " AND closed_at >= ? AND closed_at < ?"
            arguments += [period.start, period.end]
        }
        sql += " GROUP BY stage_id, currency, owner_id"
        var groups: [ClosedDealGroup] = []
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            let kind = kinds[row[0] as String] ?? .lost
            let owner: String? = row[2]
            // Two won (or lost) stages fold into one group per kind, currency and owner.
            if let index = groups.firstIndex(where: { $0.kind == kind && $0.currency == row[1] && $0.ownerID == owner }) {
                groups[index].count += row[3]
                groups[index].amount += row[4]
                groups[index].cycleMillis += row[5]
            } else {
                groups.append(
                    ClosedDealGroup(kind: kind, currency: row[1], ownerID: owner, count: row[3], amount: row[4], cycleMillis: row[5]))
            }
        }
        return groups
    }

    /// Live open deals whose expected close date falls in `period`, by currency and commit.
    public static func forecastDeals(_ db: Database, in period: AnalyticsPeriod, commitPercent: Int) throws -> [ForecastGroup] {
        let sql = """
            SELECT d.currency, COALESCE(d.probability, s.probability) >= ? AS is_commit, COUNT(*), SUM(d.amount_minor),
                SUM(d.amount_minor * COALESCE(d.probability, s.probability))
            FROM deals d INDEXED BY deals_analytics_close_date JOIN stages s ON s.id = d.stage_id
            WHERE d.deleted = 0 AND d.close_date IS NOT NULL AND d.close_date >= ? AND d.close_date < ? AND s.kind = 'open'
            GROUP BY d.currency, is_commit
            """
        let arguments: StatementArguments = [commitPercent, period.firstDay.text, period.endDay.text]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            ForecastGroup(currency: row[0], commit: row[1], count: row[2], amount: row[3], weightedPercent: row[4])
        }
    }

    /// For every live deal, the furthest stage position its history reached (lost excluded),
    /// counted per position; only deals whose first recorded stage entry is in `period`, if given.
    ///
    /// Stage positions come in as a `CASE` over the stage ids rather than a join, so each of the
    /// three-per-deal history rows costs a comparison, not an index lookup.
    public static func funnel(_ db: Database, stages: [PipelineStage], createdIn period: AnalyticsPeriod?) throws -> [FunnelReach] {
        let counted = stages.filter { $0.kind != .lost }
        guard !counted.isEmpty else { return [] }
        var arguments: StatementArguments = []
        for stage in counted { arguments += [stage.id.rawValue, stage.position] }
        let position = "CASE to_stage_id " + counted.map { _ in "WHEN ? THEN ?" }.joined(separator: " ") + " END"
        var having = ""
        if let period {
            having = "HAVING MIN(created_at) >= ? AND MIN(created_at) < ?"
            arguments += [period.start, period.end]
        }
        let sql = """
            SELECT furthest, COUNT(*) FROM (
                SELECT MAX(\(position)) AS furthest FROM stage_history
                WHERE deleted = 0 AND deal_id NOT IN (SELECT id FROM deals WHERE deleted = 1)
                GROUP BY deal_id \(having))
            WHERE furthest IS NOT NULL GROUP BY furthest ORDER BY furthest
            """
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { FunnelReach(position: $0[0], deals: $0[1]) }
    }

    /// Open deals created before the stale cut-off that have a live activity since it.
    public static func touchedDeals(_ db: Database, now: Int64, staleDays: Int) throws -> [TouchedGroup] {
        let sql = """
            SELECT d.currency, COUNT(*), SUM(d.amount_minor)
            FROM (SELECT DISTINCT deal_id FROM activities INDEXED BY activities_deal_touch
                  WHERE deal_id IS NOT NULL AND deleted = 0 AND created_at >= :cutoff) AS t
            CROSS JOIN deals d ON d.id = t.deal_id
            JOIN stages s ON s.id = d.stage_id
            WHERE d.deleted = 0 AND s.kind = 'open' AND COALESCE(d.created_at, :now) < :cutoff
            GROUP BY d.currency
            """
        let arguments: StatementArguments = ["now": now, "cutoff": now - Int64(staleDays) * day]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            TouchedGroup(currency: row[0], count: row[1], amount: row[2])
        }
    }

    /// Names of users by id, for the leaderboard and the task list.
    public static func userNames(_ db: Database) throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM users") { names[row[0]] = row[1] }
        return names
    }
}
