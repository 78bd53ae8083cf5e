// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import PostgresNIO
import Testing

@testable import CRMServer

/// Every statement of `LogStore.mailRecords` is an index lookup: SQLite's own query plan names the
/// index, PostgreSQL's (sequential scans priced out) uses one, and none scans `field_state` or the log.
@Suite struct MailRecordsSQLTests {
    static let lookups: [MailRecordsReading.Lookup] = [
        .contacts(email: "carla@customer.test"), .activities(messageID: "q@customer.test"),
        .activity(id: "01JC0000000000000000000000"), .record(entity: "case", id: "01JC0000000000000000000000"),
        .kind("sla_policy"),
    ]

    /// On a connection configured as the store's (`SQLitePlannerStability`: plans never depend on
    /// what is bound), so the partial indexes are chosen from the statements' text alone.
    @Test func eachLookupSearchesAnIndexOnSQLite() throws {
        let queue = try DatabaseQueue(configuration: SQLiteLogStore.configuration())
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
        #expect(plans[6].contains("sqlite_autoindex_devices_1"), "\(plans[6])")
    }

    /// PostgreSQL picks a sequential scan of a small table when it may, so scans are priced out
    /// (`enable_seqscan = off`): a statement that no index can serve still shows `Seq Scan`.
    @Test(Backend.postgresRequired)
    func eachLookupCanUseAnIndexOnPostgreSQL() async throws {
        let folder = FileManager.default.temporaryDirectory
        let store = try #require(
            try Backend.open(try await Backend.postgres.freshDatabase(in: folder)) as? PostgresLogStore)
        try await store.migrate()
        let sql = MailRecordsSQL(dialect: MailRecordsSQL.postgres, tenantID: "t")
        let statements =
            Self.lookups.map { sql.statement($0) }
            + [(MailRecordsSQL.epoch, ["t"]), (MailRecordsSQL.deviceHLC, ["t", "g"])]
        let plans = try await store.transaction { executor in
            try await executor.run("SET LOCAL enable_seqscan = off")
            var plans: [String] = []
            for (text, arguments) in statements {
                var bindings = PostgresBindings()
                for argument in arguments { bindings.append(argument) }
                let query = PostgresQuery(unsafeSQL: "EXPLAIN " + MailRecordsSQL.numbered(text), binds: bindings)
                let lines = try await executor.rows(query).map { try $0.value("QUERY PLAN", as: String.self) }
                plans.append(lines.joined(separator: "\n"))
            }
            return plans
        }
        for plan in plans {
            #expect(!plan.contains("Seq Scan"), "a full scan: \(plan)")
        }
        #expect(plans[0].contains("field_state_by_email"), "\(plans[0])")
        #expect(plans[1].contains("field_state_by_message_id"), "\(plans[1])")
    }

    /// The details of `EXPLAIN QUERY PLAN`, one line each.
    static func plan(_ db: Database, _ sql: String, _ arguments: [String]) throws -> String {
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(arguments))
            .map { $0["detail"] as String }.joined(separator: "\n")
    }
}
