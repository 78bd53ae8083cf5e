// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import GRDBSQLite
import Testing

@testable import CRMServer

/// The VFS that gathers a WAL's frames into few large writes (`CSQLiteWALBuffer`), which the real
/// `crm-server` makes SQLite's default (`SQLiteProcessConfiguration`).
///
/// A writer on it commits in every `synchronous` mode, and another connection, on SQLite's own
/// VFS, reads every committed row at once: a frame still in the buffer when the commit became
/// visible would read back as zeros. That holds for small commits, for one larger than the
/// buffer, and after a checkpoint makes the WAL start over at its beginning.
@Suite(.serialized) struct SQLiteWALBufferTests {
    @Test(arguments: ["FULL", "NORMAL", "OFF"])
    func anotherConnectionReadsEveryCommittedRow(synchronous: String) throws {
        try #require(SQLiteProcessConfiguration.registerWALBuffer())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-walbuf-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("log.sqlite").path
        let writer = try RawConnection(path: path, vfs: "crm-wal-buffer")
        try writer.execute("PRAGMA journal_mode = WAL")
        try writer.execute("PRAGMA synchronous = \(synchronous)")
        try writer.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        let reader = try DatabaseQueue(path: path)
        let before = SQLiteProcessConfiguration.walBufferWrites

        var expected = 0
        // Small commits, one of 2,000 rows (about 600 KB, past the 124 KiB buffer), then small
        // ones again after a checkpoint restarted the WAL.
        for rows in [1, 7, 50, 2_000, 3, 0, 40, 1] {
            if rows == 0 {
                try writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                continue
            }
            try writer.execute("BEGIN IMMEDIATE")
            try writer.execute(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(rows))
                INSERT INTO t (body) SELECT hex(randomblob(150)) FROM n
                """)
            try writer.execute("COMMIT")
            expected += rows
            let (count, bytes) = try reader.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM t"),
                    try Int.fetchOne(db, sql: "SELECT sum(length(body)) FROM t")
                )
            }
            #expect(count == expected, "after a commit of \(rows) rows")
            #expect(bytes == expected * 300, "after a commit of \(rows) rows")
        }

        let after = SQLiteProcessConfiguration.walBufferWrites
        let gathered = after.taken - before.taken
        let written = after.written - before.written
        #expect(written > 0 && gathered > 2 * written, "\(gathered) writes gathered into \(written)")
        #expect(try reader.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
    }
}

/// A connection opened on a VFS named by the caller, which GRDB's configuration cannot do.
private final class RawConnection {
    private let handle: OpaquePointer

    init(path: String, vfs: String) throws {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs)
        guard code == SQLITE_OK, let handle else {
            if let handle { sqlite3_close(handle) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot open \(path) on \(vfs)")
        }
        self.handle = handle
    }

    deinit { sqlite3_close(handle) }

    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: message.map { String(cString: $0) }, sql: sql)
        }
    }
}
