// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import GRDBSQLite

/// Writes every statement the log's writer connection runs, values included, to a file.
///
/// For measurements only: what SQLite alone takes for the writes a push phase made
/// (`scripts/push-floor.py`, a step of `scripts/bench-request-cpu.sh`), or a whole load run
/// (`scripts/bench-mix-floor.sh`). Replayed against a copy of the database as it was before, the
/// statements are the floor the server's CPU is compared with, next to the framework's
/// `/healthz`. Set by `CRM_SERVER_SQL_TRACE=PATH` when the server starts; a server without it
/// never traces. Each statement ends with a NUL byte, since statements and their text values may
/// span lines; a trigger's statements are not written, as the statement that fires it is.
enum SQLiteStatementTrace {
    /// The environment variable naming the trace file.
    static let variable = "CRM_SERVER_SQL_TRACE"

    /// The trace file could not be created.
    struct FileError: Error, CustomStringConvertible {
        let path: String
        var description: String {
            "\(SQLiteStatementTrace.variable): cannot create the trace file \(path); name a writable path or unset it"
        }
    }

    /// Installs the trace on `writer`'s connection when the environment asks for it.
    static func installIfRequested(on writer: DatabasePool) throws {
        guard let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty else { return }
        try install(on: writer, path: path)
    }

    /// Writes the statements of `writer`'s connection to a new file at `path` from now on.
    static func install(on writer: DatabasePool, path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let file = FileHandle(forWritingAtPath: path)
        else { throw FileError(path: path) }
        let context = Unmanaged.passRetained(Buffer(file: file)).toOpaque()
        _ = writer.writeWithoutTransaction { db in
            // SQLite's own hook, not GRDB's `trace`: its `expandedSQL` made a Swift string of each
            // statement through UTF-16 views, 39 % of a traced server's samples, and the traced
            // load run fell behind (1,364 of 2,400 requests/s, `scripts/bench-mix-floor.sh`).
            sqlite3_trace_v2(
                db.sqliteConnection, UInt32(SQLITE_TRACE_STMT),
                { _, context, statement, text in
                    // A trigger's invocation comes as a comment; its statement was written already.
                    guard let context, let statement, let text,
                        text.assumingMemoryBound(to: CChar.self).pointee != CChar(UInt8(ascii: "-"))
                    else { return 0 }
                    guard let sql = sqlite3_expanded_sql(OpaquePointer(statement)) else { return 0 }
                    Unmanaged<Buffer>.fromOpaque(context).takeUnretainedValue().append(sql)
                    sqlite3_free(sql)
                    return 0
                }, context)
        }
    }

    /// The statements not yet written, on the writer's connection only; the connection keeps it for
    /// as long as it lives (a retain never given back, as `WALFrameCount`'s).
    ///
    /// A write per statement would be a system call per statement on the writer's thread. The
    /// buffer goes to the file at each COMMIT, which keeps in the file whatever the log holds when
    /// the server stops, and whenever it passes a mebibyte.
    private final class Buffer {
        let file: FileHandle
        var pending = Data()

        init(file: FileHandle) {
            self.file = file
        }

        func append(_ sql: UnsafePointer<CChar>) {
            let count = strlen(sql)
            sql.withMemoryRebound(to: UInt8.self, capacity: count) { pending.append($0, count: count) }
            pending.append(0)
            if pending.count >= 1 << 20 || strncmp(sql, "COMMIT", 6) == 0 {
                file.write(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
    }
}
