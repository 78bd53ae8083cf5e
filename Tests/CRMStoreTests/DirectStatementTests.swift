// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import Testing

@testable import CRMStore

/// The write path's statements bound through SQLite's C API must store exactly what GRDB's own
/// binding stores, for every kind of value, and never reuse a value bound before.
@Suite struct DirectStatementTests {
    static let values: [[DatabaseValue]] = [
        [1.databaseValue, "plain".databaseValue, 2.5.databaseValue, Data([0, 1, 2]).databaseValue],
        [2.databaseValue, "".databaseValue, DatabaseValue.null, Data().databaseValue],
        [3.databaseValue, "Zoë Ångström 🦊 \"quoted\"\n".databaseValue, (-0.0).databaseValue, .null],
        [Int64.max.databaseValue, DatabaseValue.null, Double.greatestFiniteMagnitude.databaseValue, .null],
    ]

    static func table() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (a INTEGER, b TEXT, c REAL, d BLOB)") }
        return queue
    }

    static func rows(_ queue: DatabaseQueue) throws -> [[DatabaseValue]] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT a, b, c, d FROM t ORDER BY rowid").map { Array($0.databaseValues) }
        }
    }

    @Test func anOwnedStatementStoresWhatGRDBStores() throws {
        let direct = try Self.table()
        try direct.write { db in
            let statement = try DirectStatement(db, sql: "INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)")
            for row in Self.values { try statement.execute(row) }
        }
        let grdb = try Self.table()
        try grdb.write { db in
            for row in Self.values {
                try db.execute(
                    sql: "INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)",
                    arguments: StatementArguments(row.map { $0 as (any DatabaseValueConvertible)? }))
            }
        }
        #expect(try Self.rows(direct) == Self.rows(grdb))
        // A NULL after a value is NULL again, and an empty text stays text.
        let stored = try Self.rows(direct)
        #expect(stored[1][2] == .null)
        #expect(stored[1][1] == "".databaseValue)
        #expect(stored[3][1] == .null)
    }

    @Test func aCachedStatementIgnoresWhatGRDBBoundBefore() throws {
        let queue = try Self.table()
        try queue.write { db in
            let sql = "INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)"
            let statement = try db.cachedStatement(sql: sql)
            try statement.setArguments([9, "stale", 9.5, Data([9])])
            try DirectStatement.execute(statement, [1.databaseValue, .null, .null, .null])
            try db.execute(sql: sql, arguments: [2, "grdb", 2.5, nil])
            try DirectStatement.execute(db.cachedStatement(sql: sql), [3.databaseValue, .null, .null, .null])
        }
        let rows = try Self.rows(queue)
        #expect(rows.map { $0[0] } == [1, 2, 3].map(\.databaseValue))
        #expect(rows[0][1] == .null && rows[2][1] == .null && rows[2][2] == .null)
    }

    @Test func theWrongNumberOfValuesIsRefusedAndWritesNothing() throws {
        let queue = try Self.table()
        try queue.write { db in
            let statement = try DirectStatement(db, sql: "INSERT INTO t (a, b) VALUES (?, ?)")
            #expect(throws: DatabaseError.self) { try statement.execute([1.databaseValue]) }
        }
        #expect(try Self.rows(queue).isEmpty)
    }

    @Test func aConstraintFailureIsADatabaseErrorAndTheStatementStaysUsable() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            let statement = try DirectStatement(db, sql: "INSERT INTO u (id, name) VALUES (?, ?)")
            try statement.execute([1.databaseValue, "one".databaseValue])
            #expect(throws: DatabaseError.self) { try statement.execute([1.databaseValue, "again".databaseValue]) }
            try statement.execute([2.databaseValue, "two".databaseValue])
        }
        #expect(
            try queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM u ORDER BY id") } == ["one", "two"])
    }
}
