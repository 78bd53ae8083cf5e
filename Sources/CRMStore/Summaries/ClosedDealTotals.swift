// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// Won and lost deals by stage, currency and owner, from `deal_closed_totals` (kept by triggers,
/// per UTC day of closing) instead of a scan of the closed deals.
///
/// A period (a month or quarter in the user's time zone) rarely starts or ends at a UTC
/// midnight: the days wholly inside it are summed from the totals, and the deals of the first and
/// last day are counted exactly through the `deals_analytics_closed` index.
struct ClosedDealTotals {
    let db: Database
    let period: AnalyticsPeriod?
    private static let day = AggregateLayout.day
    private static let closedStages = "SELECT id FROM stages WHERE kind IN ('won', 'lost')"

    /// Rows of (stage id, currency, owner id, count, amount, Σ cycle), one or more per group.
    func rows() throws -> [Row] {
        guard let period else {
            return try Row.fetchAll(db, sql: Self.totals(""), arguments: [])
        }
        let first = period.start / Self.day
        let last = (period.end - 1) / Self.day
        var rows = try edge(first, period)
        if last != first {
            rows += try edge(last, period)
            rows += try Row.fetchAll(
                db, sql: Self.totals("AND closed_day > ? AND closed_day < ?"), arguments: [first, last])
        }
        return rows
    }

    private static func totals(_ filter: String) -> String {
        """
        SELECT stage_id, currency, NULLIF(owner_key, ''), SUM(deals), SUM(amount), SUM(cycle_sum)
        FROM deal_closed_totals WHERE deals != 0 AND stage_id IN (\(closedStages)) \(filter)
        GROUP BY stage_id, currency, owner_key
        """
    }

    /// Deals closed on UTC day `bucket` and inside the period.
    private func edge(_ bucket: Int64, _ period: AnalyticsPeriod) throws -> [Row] {
        let sql = """
            SELECT stage_id, currency, owner_id, COUNT(*), SUM(amount_minor), SUM(closed_at - COALESCE(created_at, closed_at))
            FROM deals \(try IndexHint.indexedBy("deals_analytics_closed", db))
            WHERE deleted = 0 AND closed_at IS NOT NULL AND closed_at > :low AND closed_at < :high
                AND closed_at / :day = :bucket AND closed_at >= :start AND closed_at < :end
                AND stage_id IN (\(Self.closedStages))
            GROUP BY stage_id, currency, owner_id
            """
        let arguments: StatementArguments = [
            "low": (bucket - 1) * Self.day, "high": (bucket + 1) * Self.day, "day": Self.day, "bucket": bucket,
            "start": period.start, "end": period.end,
        ]
        return try Row.fetchAll(db, sql: sql, arguments: arguments)
    }
}
