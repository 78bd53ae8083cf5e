// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension CaseQueries {
    /// The cases on a business-hours calendar that `cases` leaves out of its SQL, one group each,
    /// their states from `SLAClock` with the calendar (at risk and the pause count working time).
    ///
    /// Same selection as `cases`: for all time only those whose states can still change (the
    /// settled ones are in `case_totals`), for a period every case created in it.
    static func calendarCases(_ db: Database, now: Int64, createdIn period: AnalyticsPeriod?) throws -> [CaseGroup] {
        var filter = "AND (k.first_response_at IS NULL OR k.resolved_at IS NULL OR k.paused_at IS NOT NULL)"
        var arguments: StatementArguments = []
        if let period {
            filter = "AND k.created_at >= ? AND k.created_at < ?"
            arguments = [period.start, period.end]
        }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT k.status, k.priority, k.created_at, k.first_response_due, k.resolution_due,
                    k.first_response_at, k.resolved_at, k.paused_at, k.paused_ms, cal.time_zone, cal.days, cal.hours,
                    cal.holidays
                FROM cases k \(try IndexHint.indexedBy("cases_on_calendars", db))
                LEFT JOIN sla_calendars cal ON cal.id = k.calendar_id AND cal.deleted = 0
                WHERE k.deleted = 0 AND k.calendar_id IS NOT NULL \(filter)
                """, arguments: arguments)
        return rows.map { row in
            let created: Int64 = row["created_at"] ?? 0
            let clock = SLAClock(
                createdAt: created, firstResponseDue: row["first_response_due"] ?? created,
                resolutionDue: row["resolution_due"] ?? created, firstResponseAt: row["first_response_at"],
                resolvedAt: row["resolved_at"], pausedAt: row["paused_at"], nowMillis: now,
                calendar: RecordDecoding.calendar(row))
            let responded: Int64? = row["first_response_at"]
            let resolved: Int64? = row["resolved_at"]
            return CaseGroup(
                status: SupportCase.Status(rawValue: row["status"]) ?? .open,
                priority: SupportCase.Priority(rawValue: row["priority"]) ?? .normal,
                firstResponse: clock.firstResponse, resolution: clock.resolution, count: 1,
                responded: responded == nil ? 0 : 1, responseMillis: responded.map { $0 - created } ?? 0,
                resolved: resolved == nil ? 0 : 1,
                resolutionMillis: resolved.map { $0 - created - (row["paused_ms"] ?? 0) } ?? 0)
        }
    }
}
