// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// The SQL behind the service metrics: one GROUP BY over the cases' covering index, and the
/// overdue-task count per owner.
enum CaseQueries {
    /// Live cases (created in `period`, if given) by status, priority and SLA states at `now`.
    ///
    /// The CASE expressions are `SLAClock.firstResponse` and `.resolution` in SQL: done before
    /// due is met, done after is breached, past due is breached, a paused (pending) resolution
    /// clock is ok, under 25% of the window left is at risk. For all time, cases whose states
    /// can no longer change come summed from `case_totals` (kept by triggers) and only the
    /// others are read; a period scans its cases. Cases on a business-hours calendar are read
    /// apart and judged by `SLAClock` itself (`calendarCases`), as working time is not SQL.
    static func cases(_ db: Database, now: Int64, createdIn period: AnalyticsPeriod?) throws -> [CaseGroup] {
        var filter = ""
        var index = "cases_analytics"
        var arguments: StatementArguments = ["now": now]
        if let period {
            filter = "AND created_at >= :start AND created_at < :end"
            arguments = ["now": now, "start": period.start, "end": period.end]
        } else {
            filter = "AND (first_response_at IS NULL OR resolved_at IS NULL OR paused_at IS NOT NULL)"
            index = "cases_analytics_unsettled"
        }
        let sql = """
            SELECT status, priority,
                CASE WHEN fr_at IS NOT NULL THEN (CASE WHEN fr_at <= fr_due THEN 'met' ELSE 'breached' END)
                     WHEN :now > fr_due THEN 'breached'
                     WHEN (fr_due - :now) * 4 < MAX(1, fr_due - created) THEN 'at_risk'
                     ELSE 'ok' END AS fr_state,
                CASE WHEN resolved_at IS NOT NULL THEN (CASE WHEN resolved_at <= res_due THEN 'met' ELSE 'breached' END)
                     WHEN :now > res_due THEN 'breached'
                     WHEN paused_at IS NOT NULL THEN 'ok'
                     WHEN (res_due - :now) * 4 < MAX(1, res_due - created) THEN 'at_risk'
                     ELSE 'ok' END AS res_state,
                COUNT(*), COUNT(fr_at), COALESCE(SUM(fr_at - created), 0),
                COUNT(resolved_at), COALESCE(SUM(resolved_at - created - COALESCE(paused_ms, 0)), 0)
            FROM (SELECT status, priority, created_at AS created, first_response_at AS fr_at, resolved_at, paused_at,
                      paused_ms, COALESCE(first_response_due, created_at) AS fr_due,
                      COALESCE(resolution_due, created_at)
                          + CASE WHEN paused_at IS NOT NULL THEN MAX(0, :now - paused_at) ELSE 0 END AS res_due
                  FROM cases \(try IndexHint.indexedBy(index, db)) WHERE deleted = 0 AND calendar_id IS NULL \(filter))
            GROUP BY status, priority, fr_state, res_state
            """
        var rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
        if period == nil {
            rows += try Row.fetchAll(
                db,
                sql: """
                    SELECT status, priority, fr_state, res_state, SUM(cases), SUM(cases), SUM(response_sum), SUM(cases),
                        SUM(resolution_sum)
                    FROM case_totals WHERE cases != 0 GROUP BY status, priority, fr_state, res_state
                    """)
        }
        return merged(rows.map(group) + (try calendarCases(db, now: now, createdIn: period)))
    }

    static func group(_ row: Row) -> CaseGroup {
        CaseGroup(
            status: SupportCase.Status(rawValue: row[0]) ?? .open,
            priority: SupportCase.Priority(rawValue: row[1]) ?? .normal,
            firstResponse: SLAClock.State(rawValue: row[2]) ?? .ok,
            resolution: SLAClock.State(rawValue: row[3]) ?? .ok,
            count: row[4], responded: row[5], responseMillis: row[6], resolved: row[7], resolutionMillis: row[8])
    }

    /// One group per status, priority and pair of states: the summed and the read cases can share one.
    static func merged(_ groups: [CaseGroup]) -> [CaseGroup] {
        var merged: [CaseGroup] = []
        for group in groups {
            if let index = merged.firstIndex(where: {
                ($0.status, $0.priority, $0.firstResponse, $0.resolution)
                    == (group.status, group.priority, group.firstResponse, group.resolution)
            }) {
                merged[index].count += group.count
                merged[index].responded += group.responded
                merged[index].responseMillis += group.responseMillis
                merged[index].resolved += group.resolved
                merged[index].resolutionMillis += group.resolutionMillis
            } else {
                merged.append(group)
            }
        }
        return merged
    }

    /// Open tasks due before `now`, per owner, most overdue owners first.
    static func overdueTasks(_ db: Database, now: Int64, names: [String: String]) throws -> [OverdueTasks] {
        let sql = """
            SELECT owner_id, COUNT(*), MIN(due_at) FROM activities
            WHERE deleted = 0 AND kind = 'task' AND done = 0 AND due_at IS NOT NULL AND due_at < ?
            GROUP BY owner_id
            """
        return try Row.fetchAll(db, sql: sql, arguments: [now]).map { row in
            let owner: String? = row[0]
            return OverdueTasks(
                ownerID: owner, name: owner.map { names[$0] ?? "(unknown user)" } ?? "(no owner)", count: row[1],
                oldestDue: row[2])
        }.sorted { ($1.count, $0.name) < ($0.count, $1.name) }
    }
}
