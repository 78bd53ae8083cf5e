// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB
import GRDBSQLite
import Testing

@testable import CRMServer

/// The sync path's rows read through SQLite's C API: the values GRDB would have read, no read left
/// open behind them, and a failed step reported and recovered from as GRDB would.
@Suite struct SQLiteDirectReadTests {
    static func queue() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, note TEXT, n INTEGER)")
            try db.execute(sql: "INSERT INTO t VALUES (1, 'Åsa', NULL, NULL), (2, '', 'x', -7), (3, 'c', 'y', 9)")
        }
        return queue
    }

    @Test func columnsReadWhatGRDBReads() throws {
        try Self.queue().read { db in
            let statement = try db.cachedStatement(sql: "SELECT id, name, note, n FROM t WHERE id = ?")
            for id: Int64 in 1...3 {
                let direct = try SQLiteDirectRead.first(statement, [.integer(id)]) { row in
                    [
                        "\(row.int64(0))", row.text(1), row.optionalText(2) ?? "nil",
                        row.optionalInt64(3).map { "\($0)" } ?? "nil", "\(row.isNull(2))",
                    ]
                }
                let row = try #require(
                    try Row.fetchOne(db, sql: "SELECT id, name, note, n FROM t WHERE id = ?", arguments: [id]))
                let note: String? = row[2]
                let n: Int64? = row[3]
                let expected = [
                    "\(row[0] as Int64)", row[1] as String, note ?? "nil", n.map { "\($0)" } ?? "nil", "\(note == nil)",
                ]
                #expect(direct == expected)
            }
            #expect(try SQLiteDirectRead.first(statement, [.integer(4)]) { _ in true } == nil, "no row: nil")
        }
    }

    /// A statement read through `first` is reset at once: it holds no read open (a pending read
    /// would keep a WAL snapshot and block checkpoints), and `each` reads every row in order.
    @Test func noReadStaysOpenAndEveryRowIsRead() throws {
        try Self.queue().read { db in
            let statement = try db.cachedStatement(sql: "SELECT id FROM t WHERE id >= ? ORDER BY id")
            #expect(try SQLiteDirectRead.first(statement, [.integer(1)]) { $0.int64(0) } == 1)
            #expect(sqlite3_stmt_busy(statement.sqliteStatement) == 0, "reset after the first row")
            var ids: [Int64] = []
            try SQLiteDirectRead.each(statement, [.integer(2)]) { ids.append($0.int64(0)) }
            #expect(ids == [2, 3])
            #expect(sqlite3_stmt_busy(statement.sqliteStatement) == 0)
            // GRDB reads the same cached statement afterwards with its own arguments.
            #expect(try Int64.fetchAll(statement, arguments: [3]) == [3])
        }
    }

    /// A step that fails is a `DatabaseError` naming the statement; the statement stays usable.
    @Test func aFailedStepIsReportedAndTheStatementReusable() throws {
        try Self.queue().read { db in
            let statement = try db.cachedStatement(sql: "SELECT abs(n) FROM t WHERE id = ?")
            let failing = try db.cachedStatement(sql: "SELECT abs(?)")
            #expect {
                _ = try SQLiteDirectRead.first(failing, [.integer(Int64.min)]) { $0.int64(0) }
            } throws: { error in
                guard let error = error as? DatabaseError else { return false }
                return error.resultCode == .SQLITE_ERROR && error.sql == "SELECT abs(?)"
                    && (error.message ?? "").contains("integer overflow")
            }
            #expect(try SQLiteDirectRead.first(failing, [.integer(-5)]) { $0.int64(0) } == 5)
            #expect(try SQLiteDirectRead.first(statement, [.integer(2)]) { $0.int64(0) } == 7)
        }
    }

    /// More or fewer values than the statement's parameters are refused before anything is read.
    @Test func aWrongNumberOfValuesIsRefused() throws {
        try Self.queue().read { db in
            let statement = try db.cachedStatement(sql: "SELECT id FROM t WHERE id = ?")
            #expect(throws: DatabaseError.self) {
                _ = try SQLiteDirectRead.first(statement, [.integer(1), .integer(2)]) { $0.int64(0) }
            }
        }
    }
}
