// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// The SQL behind the pipeline metrics: a few GROUP BY scans over covering indexes
/// (migration `v4-analytics-indexes`), each returning a few dozen rows.
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

    /// Live open deals by stage, currency, owner, age bucket and stale cut-off.
    public static func openDeals(_ db: Database, now: Int64, staleDays: Int) throws -> [OpenDealGroup] {
        let age = "((:now - COALESCE(d.created_at, :now)) / \(day))"
        let sql = """
            SELECT d.stage_id, d.currency, d.owner_id,
                CASE WHEN \(age) <= 30 THEN 0 WHEN \(age) <= 60 THEN 1 WHEN \(age) <= 90 THEN 2 ELSE 3 END AS bucket,
                COALESCE(d.created_at, :now) < :cutoff AS old, COUNT(*) AS n, SUM(d.amount_minor) AS amount,
                SUM(d.amount_minor * COALESCE(d.probability, s.probability)) AS weighted,
                SUM(:now - COALESCE(d.created_at, :now)) AS age
            FROM stages s JOIN deals d ON d.stage_id = s.id AND d.deleted = 0
            WHERE s.kind = 'open'
            GROUP BY d.stage_id, d.currency, d.owner_id, bucket, old
            """
        let arguments: StatementArguments = ["now": now, "cutoff": now - Int64(staleDays) * day]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            OpenDealGroup(
                stageID: row[0], currency: row[1], ownerID: row[2], ageBucket: row[3], old: row[4], count: row[5],
                amount: row[6], weightedPercent: row[7], ageMillis: row[8])
        }
    }

    /// Live won and lost deals, closed in `period` if given, by kind, currency and owner.
    public static func closedDeals(_ db: Database, in period: AnalyticsPeriod?) throws -> [ClosedDealGroup] {
        var sql = """
            SELECT s.kind, d.currency, d.owner_id, COUNT(*), SUM(d.amount_minor),
                SUM(d.closed_at - COALESCE(d.created_at, d.closed_at))
            FROM deals d JOIN stages s ON s.id = d.stage_id
            WHERE d.deleted = 0 AND d.closed_at IS NOT NULL AND s.kind IN ('won', 'lost')
            """
        var arguments: StatementArguments = []
        if let period {
            sql += " AND d.closed_at >= ? AND d.closed_at < ?"
            arguments += [period.start, period.end]
        }
        sql += " GROUP BY s.kind, d.currency, d.owner_id"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            ClosedDealGroup(
                kind: StageKind(rawValue: row[0]) ?? .lost, currency: row[1], ownerID: row[2], count: row[3],
                amount: row[4], cycleMillis: row[5])
        }
    }

    /// Live open deals whose expected close date falls in `period`, by currency and commit.
    public static func forecastDeals(_ db: Database, in period: AnalyticsPeriod, commitPercent: Int) throws -> [ForecastGroup] {
        let sql = """
            SELECT d.currency, COALESCE(d.probability, s.probability) >= ? AS is_commit, COUNT(*), SUM(d.amount_minor),
                SUM(d.amount_minor * COALESCE(d.probability, s.probability))
            FROM deals d JOIN stages s ON s.id = d.stage_id
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
    public static func funnel(_ db: Database, createdIn period: AnalyticsPeriod?) throws -> [FunnelReach] {
        var having = ""
        var arguments: StatementArguments = []
        if let period {
            having = "HAVING MIN(h.created_at) >= ? AND MIN(h.created_at) < ?"
            arguments += [period.start, period.end]
        }
        let sql = """
            SELECT furthest, COUNT(*) FROM (
                SELECT MAX(s.position) AS furthest FROM stage_history h JOIN stages s ON s.id = h.to_stage_id
                WHERE h.deleted = 0 AND s.kind != 'lost' AND h.deal_id NOT IN (SELECT id FROM deals WHERE deleted = 1)
                GROUP BY h.deal_id \(having))
            GROUP BY furthest ORDER BY furthest
            """
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { FunnelReach(position: $0[0], deals: $0[1]) }
    }

    /// Open deals created before the stale cut-off that have a live activity since it.
    public static func touchedDeals(_ db: Database, now: Int64, staleDays: Int) throws -> [TouchedGroup] {
        let sql = """
            SELECT d.currency, COUNT(*), SUM(d.amount_minor)
            FROM (SELECT DISTINCT deal_id FROM activities
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
