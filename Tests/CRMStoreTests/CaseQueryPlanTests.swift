// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// The SLA figures read the cases through indexes that cover them: at 1,000,000 contacts a
/// table lookup per case was most of the dashboard's wait (`v19-case-calendar-indexes`).
@Suite struct CaseQueryPlanTests {
    /// The plan of every statement `CaseQueries.cases` runs, captured by tracing them.
    static func plans(_ store: Store, period: AnalyticsPeriod?) throws -> [String: [String]] {
        try store.read { db in
            final class Captured { var sql: [String] = [] }
            let captured = Captured()
            db.trace { event in
                if case .statement(let statement) = event, statement.sql.contains("FROM cases") {
                    captured.sql.append(statement.expandedSQL)
                }
            }
            _ = try CaseQueries.cases(db, now: 1_800_000_000_000, createdIn: period)
            db.trace()
            var plans: [String: [String]] = [:]
            for sql in captured.sql {
                plans[sql] = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] }
            }
            return plans
        }
    }

    @Test(arguments: [false, true])
    func everyCaseIsReadFromACoveringOrCalendarIndex(inAPeriod: Bool) throws {
        let test = try TestStore()
        let utc = try #require(TimeZone(identifier: "UTC"))
        let period = try AnalyticsPeriod.days(
            from: CalendarDate(year: 2026, month: 11, day: 1), to: CalendarDate(year: 2026, month: 11, day: 30), in: utc
        )
        let plans = try Self.plans(test.store, period: inAPeriod ? period : nil)
        #expect(plans.count == 2, "the 24/7 cases' query and the calendar cases' query")
        for (sql, steps) in plans {
            let onCases = steps.filter { $0.contains("cases") || $0.contains(" k ") || $0.hasSuffix(" k") }
            #expect(!onCases.isEmpty, "no step reads the cases: \(steps)")
            for step in onCases {
                let covered = step.contains("COVERING INDEX") || step.contains("INDEX cases_on_calendars")
                #expect(covered, "\(step)\nin: \(sql)")
            }
        }
    }

    /// The plan of the triage queue's page query for `filter`.
    static func queuePlan(_ store: Store, _ filter: CaseFilter) throws -> [String] {
        let (sql, arguments) = Store.queueQuery(filter, after: nil, now: 1_800_000_000_000)
        return try store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments + [5]).map { $0["detail"] }
        }
    }

    /// The dashboard's urgent cases and the default queue (new, open, pending) walk the due-order
    /// index and stop at the page: reading every case of each status and sorting them took
    /// 200–300 ms for five breached cases at 200,000 cases.
    @Test(arguments: [false, true])
    func aQueueOfSeveralOpenStatusesWalksTheDueOrderIndex(breached: Bool) throws {
        let test = try TestStore()
        var filter = CaseFilter()
        filter.breachedOnly = breached
        let steps = try Self.queuePlan(test.store, filter)
        #expect(steps.contains { $0.contains("INDEX cases_by_due") }, "\(steps)")
        #expect(!steps.contains { $0.contains("TEMP B-TREE FOR ORDER BY") }, "\(steps)")
    }

    /// Only settled statuses: their cases sort last in due order, so the status index stays the way in.
    @Test func aQueueOfSettledCasesReadsByStatus() throws {
        let test = try TestStore()
        let steps = try Self.queuePlan(test.store, CaseFilter(statuses: [.solved, .closed]))
        #expect(steps.contains { $0.contains("INDEX cases_by_status") }, "\(steps)")
    }
}
