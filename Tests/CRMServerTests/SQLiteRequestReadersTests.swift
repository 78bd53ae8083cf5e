// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import Synchronization
import Testing

@testable import CRMServer

/// The request readers lend each read a connection of its own, run only the caller's statements,
/// see the writer's commits and keep no more than their bound of idle connections.
@Suite struct SQLiteRequestReadersTests {
    /// A file with one table the writer fills, and readers on it.
    static func readers(kept: Int) throws -> (DatabaseQueue, SQLiteRequestReaders, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-readers-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("log.sqlite").path
        let writer = try DatabaseQueue(path: path)
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "CREATE TABLE t (n INTEGER)")
        }
        let readers = try SQLiteRequestReaders(path: path, configuration: Configuration(), kept: kept)
        return (writer, readers, directory)
    }

    /// GRDB's pool ran `PRAGMA schema_version`, a read transaction of its own, before every read.
    @Test func aReadRunsOnlyTheCallersStatements() throws {
        let (_, readers, directory) = try Self.readers(kept: 1)
        defer { try? FileManager.default.removeItem(at: directory) }
        let traced = Mutex<[String]>([])
        // The one idle connection is lent again to the next read: trace it from this read on.
        try readers.read { db in db.trace { event in traced.withLock { $0.append("\(event)") } } }
        let count = try readers.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") }
        try readers.read { db in db.trace(options: [], nil) }
        #expect(count == 0)
        #expect(traced.withLock { $0 } == ["SELECT count(*) FROM t"])
    }

    @Test func aReadSeesTheWritersLatestCommitAndCannotWrite() throws {
        let (writer, readers, directory) = try Self.readers(kept: 2)
        defer { try? FileManager.default.removeItem(at: directory) }
        for n in 1...3 {
            try writer.write { db in try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [n]) }
            #expect(try readers.read { db in try Int.fetchOne(db, sql: "SELECT max(n) FROM t") } == n)
        }
        #expect(throws: DatabaseError.self) {
            try readers.read { db in try db.execute(sql: "INSERT INTO t VALUES (9)") }
        }
    }

    /// A read that starts while another is running gets a connection of its own; given back, the
    /// connections past the bound are closed.
    @Test func aReadWhileAnotherRunsOpensAConnectionAndOnlyTheBoundStays() throws {
        let (_, readers, directory) = try Self.readers(kept: 1)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (outer, inner, idleDuring) = try readers.read { outer in
            try readers.read { inner in
                (ObjectIdentifier(outer), ObjectIdentifier(inner), readers.idleCount)
            }
        }
        #expect(outer != inner, "each read its own connection")
        #expect(idleDuring == 0)
        #expect(readers.idleCount == 1, "the bound of one idle connection")
    }
}
