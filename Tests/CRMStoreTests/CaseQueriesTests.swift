// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB
import Testing

@testable import CRMStore

/// The all-time SLA figures, read as settled totals plus the unsettled cases, must equal a scan
/// of every case, at any `now`.
@Suite struct CaseQueriesTests {
    /// The case scan the totals replaced, kept here as the reference.
    static func scan(_ db: Database, now: Int64) throws -> [CaseGroup] {
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
                  FROM cases WHERE deleted = 0)
            GROUP BY status, priority, fr_state, res_state
            """
        return try Row.fetchAll(db, sql: sql, arguments: ["now": now]).map(CaseQueries.group)
    }

    static func sorted(_ groups: [CaseGroup]) -> [CaseGroup] {
        groups.sorted {
            "\($0.status)\($0.priority)\($0.firstResponse)\($0.resolution)"
                < "\($1.status)\($1.priority)\($1.firstResponse)\($1.resolution)"
        }
    }

    @Test func settledTotalsPlusUnsettledCasesEqualTheScan() throws {
        let test = try TestStore()
        var cases: [RecordID] = []
        for index in 0..<24 {
            let priority = ["low", "normal", "high", "urgent"][index % 4]
            cases.append(try test.store.openCase(["subject": .text("Case \(index)"), "priority": .text(priority)]))
            test.advance(minutes: 37)
        }
        for (index, id) in cases.enumerated() {
            test.advance(minutes: Int64(index * 13))
            if index % 6 != 0 { _ = try test.store.replyToCase(id, text: "Looking") }
            switch index % 5 {
            case 0: try test.store.setCaseStatus(id, .pending)
            case 1, 2: try test.store.setCaseStatus(id, .solved)
            case 3: try test.store.setCaseStatus(id, .closed)
            default: break
            }
        }
        try test.store.setCaseStatus(cases[1], .open)  // reopened after solving
        try test.store.delete(.supportCase, id: cases[2])
        for hours: Int64 in [0, 3, 30, 300] {
            let now = test.now + hours * 3_600_000
            try test.store.read { db in
                let kept = try CaseQueries.cases(db, now: now, createdIn: nil)
                #expect(kept.reduce(0) { $0 + $1.count } == 23)
                #expect(Self.sorted(kept) == Self.sorted(try Self.scan(db, now: now)), "now + \(hours) h")
                #expect(try Int.fetchOne(db, sql: "SELECT SUM(cases) FROM case_totals") ?? 0 > 5)
            }
        }
    }
}
