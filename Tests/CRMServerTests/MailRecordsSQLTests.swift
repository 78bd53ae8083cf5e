// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB
import Testing

@testable import CRMServer

/// Every statement of `LogStore.mailRecords` on SQLite is an index lookup: SQLite's own query
/// plan names the index, and none scans `field_state` or the log.
@Suite struct MailRecordsSQLTests {
    static let lookups: [MailRecordsReading.Lookup] = [
        .contacts(email: "carla@customer.test"), .activities(messageID: "q@customer.test"),
        .activity(id: "01JC0000000000000000000000"), .record(entity: "case", id: "01JC0000000000000000000000"),
        .kind("sla_policy"),
    ]

    @Test func eachLookupSearchesAnIndexOnSQLite() throws {
        let queue = try DatabaseQueue()
        try SQLiteLogStore.migrator.migrate(queue)
        let sql = MailRecordsSQL(dialect: MailRecordsSQL.sqlite, tenantID: "t")
        let plans = try queue.read { db in
            var plans: [String] = []
            for lookup in Self.lookups {
                let (text, arguments) = sql.statement(lookup)
                plans.append(try Self.plan(db, text, arguments))
            }
            for text in [MailRecordsSQL.epoch, MailRecordsSQL.deviceHLC] {
                plans.append(try Self.plan(db, text, Array(repeating: "x", count: text.filter { $0 == "?" }.count)))
            }
            return plans
        }
        for plan in plans {
            #expect(!plan.contains("SCAN"), "a full scan: \(plan)")
        }
        #expect(plans[0].contains("INDEX field_state_by_email"), "\(plans[0])")
        #expect(plans[1].contains("INDEX field_state_by_message_id"), "\(plans[1])")
        #expect(plans[6].contains("changes_by_device"), "\(plans[6])")
    }

    /// The details of `EXPLAIN QUERY PLAN`, one line each.
    static func plan(_ db: Database, _ sql: String, _ arguments: [String]) throws -> String {
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(arguments))
            .map { $0["detail"] as String }.joined(separator: "\n")
    }
}
