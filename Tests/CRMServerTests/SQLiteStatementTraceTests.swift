// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import Testing

@testable import CRMServer

@Suite struct SQLiteStatementTraceTests {
    /// The statements of the writer's connection, as the file holds them once `body` returned.
    static func traced(_ body: (DatabasePool) throws -> Void) throws -> [String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-trace-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pool = try DatabasePool(path: directory.appendingPathComponent("log.sqlite").path)
        try pool.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)")
            try db.execute(sql: "CREATE TABLE counts (total INTEGER)")
            try db.execute(sql: "INSERT INTO counts VALUES (0)")
            try db.execute(
                sql: "CREATE TRIGGER counted AFTER INSERT ON t BEGIN UPDATE counts SET total = total + 1; END")
        }
        let path = directory.appendingPathComponent("writer.trace").path
        try SQLiteStatementTrace.install(on: pool, path: path)
        try body(pool)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\0", omittingEmptySubsequences: true).map(String.init)
    }

    /// Each statement with its values in place (a quote in a text doubled, a newline kept), in
    /// the transaction's order, the COMMIT last; the trigger's UPDATE is not written, as replaying
    /// the INSERT fires it again.
    @Test func writesEachStatementWithItsValuesUpToTheCommit() throws {
        let statements = try Self.traced { pool in
            try pool.write { db in
                try db.execute(sql: "INSERT INTO t (name, n) VALUES (?, ?)", arguments: ["O'Brien\nline", 42])
                try db.execute(sql: "UPDATE t SET n = n + 1 WHERE name LIKE ?", arguments: ["O%"])
            }
        }
        let body = statements.filter { !$0.hasPrefix("BEGIN") && !$0.hasPrefix("COMMIT") }
        #expect(
            body == [
                "INSERT INTO t (name, n) VALUES ('O''Brien\nline', 42)", "UPDATE t SET n = n + 1 WHERE name LIKE 'O%'",
            ])
        #expect(statements.first?.hasPrefix("BEGIN") == true)
        #expect(statements.last?.hasPrefix("COMMIT") == true)
        #expect(!statements.contains { $0.hasPrefix("--") || $0.contains("counts") })
    }

    /// The statements are written at each COMMIT: what a transaction committed is in the file
    /// before the next one ends.
    @Test func writesEachTransactionAtItsCommit() throws {
        var seen: [Int] = []
        let statements = try Self.traced { pool in
            for index in 0..<3 {
                try pool.write { db in try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [index]) }
                seen.append(try Self.countOfInserts(in: pool))
            }
        }
        #expect(seen == [1, 2, 3])
        #expect(statements.filter { $0.hasPrefix("INSERT") }.count == 3)
    }

    static func countOfInserts(in pool: DatabasePool) throws -> Int {
        let path = pool.path.replacingOccurrences(of: "log.sqlite", with: "writer.trace")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\0").filter { $0.hasPrefix("INSERT") }.count
    }
}
