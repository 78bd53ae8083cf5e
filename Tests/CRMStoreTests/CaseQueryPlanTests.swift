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
}
