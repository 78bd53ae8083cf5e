// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import Testing

@testable import CRMServer

/// `crm-server`'s process-wide SQLite settings are taken only before SQLite starts; the real
/// binary applies them first thing (`Entry`), and the tests that run it (`ServerProcess`, the
/// `crmTests` sync scenarios) then sync through multi-thread mode.
@Suite struct SQLiteProcessConfigurationTests {
    /// Once a connection has opened, SQLite refuses them and keeps serving with its defaults.
    @Test func isRefusedOnceSQLiteRunsAndSQLiteGoesOn() throws {
        let queue = try DatabaseQueue()
        try queue.write { try $0.execute(sql: "CREATE TABLE t (x INTEGER)") }
        #expect(SQLiteProcessConfiguration.apply() == false)
        try queue.write { try $0.execute(sql: "INSERT INTO t VALUES (1)") }
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 1)
    }
}
