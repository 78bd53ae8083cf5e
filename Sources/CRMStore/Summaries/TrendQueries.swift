// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// Cases resolved in one period, and how many of them within their resolution SLA.
public struct ResolvedCases: Hashable, Sendable {
    public var resolved: Int
    /// Resolved by the resolution due time (the `SLAClock` rule `case_totals` files as met).
    public var met: Int

    public init(resolved: Int, met: Int) {
        self.resolved = resolved
        self.met = met
    }
}

/// The SQL behind the trend charts: per period, a count over a range of one index, so a chart
/// of a dozen weeks reads only the rows of those weeks, never the whole table.
///
/// Deals created use `deals_analytics_recent` (migration `v5-analytics-aggregates`); cases
/// opened and resolved use `cases_trend_created` and `cases_trend_resolved` (`v14-case-trends`).
/// Won deals per period come from `ClosedDealTotals`, like the forecast's.
enum TrendQueries {
    /// Live deals created in each period.
    static func dealsCreated(_ db: Database, in periods: [AnalyticsPeriod]) throws -> [Int] {
        let sql = """
            SELECT COUNT(*) FROM deals \(try IndexHint.indexedBy("deals_analytics_recent", db))
            WHERE deleted = 0 AND created_at IS NOT NULL AND created_at >= ? AND created_at < ?
            """
        return try periods.map { try Int.fetchOne(db, sql: sql, arguments: [$0.start, $0.end]) ?? 0 }
    }

    /// Live cases created in each period.
    static func casesOpened(_ db: Database, in periods: [AnalyticsPeriod]) throws -> [Int] {
        let sql = """
            SELECT COUNT(*) FROM cases \(try IndexHint.indexedBy("cases_trend_created", db))
            WHERE deleted = 0 AND created_at >= ? AND created_at < ?
            """
        return try periods.map { try Int.fetchOne(db, sql: sql, arguments: [$0.start, $0.end]) ?? 0 }
    }

    /// Live cases resolved in each period, with those resolved by their resolution due time.
    static func casesResolved(_ db: Database, in periods: [AnalyticsPeriod]) throws -> [ResolvedCases] {
        let sql = """
            SELECT COUNT(*), COALESCE(SUM(resolved_at <= COALESCE(resolution_due, created_at)), 0)
            FROM cases \(try IndexHint.indexedBy("cases_trend_resolved", db))
            WHERE deleted = 0 AND resolved_at IS NOT NULL AND resolved_at >= ? AND resolved_at < ?
            """
        return try periods.map { period in
            let row = try Row.fetchOne(db, sql: sql, arguments: [period.start, period.end])
            return ResolvedCases(resolved: row?[0] ?? 0, met: row?[1] ?? 0)
        }
    }
}
