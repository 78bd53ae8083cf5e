// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import GRDB
import GRDBSQLite
import Testing

@testable import CRMServer

/// The push's statements are prepared once per connection, and stay so: with migration 4's
/// partial indexes on `field_state`, a statement binding `entity = ?` and `field = ?` was
/// prepared again on every use unless the planner's stability guarantee is on
/// (`SQLitePlannerStability`).
@Suite struct SQLitePlannerStabilityTests {
    /// Pushes that read and write registers of several fields, the mail indexes' `email` among
    /// them, then every statement still alive on the writer: none was ever prepared again.
    @Test func aPushsStatementsAreNotPreparedAgain() async throws {
        let server = try await TestServer.make(.sqlite)
        defer { server.cleanUp() }
        let store = try #require(server.store as? SQLiteLogStore)
        let tenant = try #require(server.tenants["acme"])
        let userID = try #require(try await store.userID(tenantID: tenant.id, name: "manager"))
        let device = PushCase.deviceA
        try await store.createSession(
            SessionRecord(
                tokenHash: UUID().uuidString, tenantID: tenant.id, userID: userID, deviceID: device, role: .manager,
                createdAt: 0, expiresAt: .max),
            deviceName: device)
        let fields = ["name", "email", "phone", "title", "email", "name"]
        var batches = [[PushCase.change(device, 1, op: .create, field: nil, value: .object(["name": "Ada"]), at: 1)]]
        for (index, field) in fields.enumerated() {
            let seq = Int64(index + 2)
            batches.append([PushCase.change(device, seq, field: field, value: .string("v\(seq)"), at: seq, base: 1)])
        }
        for batch in batches {
            _ = try await store.push(
                PushBatch(
                    tenantID: tenant.id, userID: userID, deviceID: device, role: .manager, epoch: tenant.epoch,
                    changes: batch, now: PushCase.start))
        }
        let (statements, reprepared) = try await store.writer.writeWithoutTransaction { db in
            Self.repreparations(db)
        }
        #expect(statements > 5, "the push's cached statements are alive on the writer")
        #expect(reprepared.isEmpty, "prepared again: \(reprepared)")
    }

    /// The same statement on a connection without the guarantee is prepared again on every
    /// new binding: what the test above would see if the store did not set it.
    @Test func withoutTheGuaranteeAPartialIndexMakesTheStatementExpire() throws {
        let queue = try DatabaseQueue()
        try SQLiteLogStore.migrator.migrate(queue)
        let sql = "SELECT value FROM field_state WHERE tenant_id = ? AND entity = ? AND entity_id = ? AND field = ?"
        let counts = try queue.inDatabase { db in
            let statement = try db.cachedStatement(sql: sql)
            for field in ["name", "email", "phone"] {
                _ = try Row.fetchAll(statement, arguments: ["t", "contact", "c1", field])
            }
            return Self.repreparations(db)
        }
        #expect(counts.reprepared.count == 1, "\(counts.reprepared)")
    }

    /// How many statements are alive on `db`, and the text of those prepared again.
    static func repreparations(_ db: Database) -> (statements: Int, reprepared: [String]) {
        var count = 0
        var reprepared: [String] = []
        var statement = sqlite3_next_stmt(db.sqliteConnection, nil)
        while let current = statement {
            count += 1
            if sqlite3_stmt_status(current, SQLITE_STMTSTATUS_REPREPARE, 0) > 0 {
                reprepared.append(String(cString: sqlite3_sql(current)))
            }
            statement = sqlite3_next_stmt(db.sqliteConnection, current)
        }
        return (count, reprepared)
    }
}
