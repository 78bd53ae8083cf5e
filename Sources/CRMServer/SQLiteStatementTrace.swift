// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB

/// Writes every statement the log's writer connection runs, values included, to a file.
///
/// For one measurement only: what SQLite alone takes for the writes a push phase made
/// (`scripts/push-floor.py`, a step of `scripts/bench-request-cpu.sh`). Replayed against a copy of
/// the database as it was before the phase, the statements are the floor a push's CPU is
/// compared with, next to the framework's `/healthz`. Set by `CRM_SERVER_SQL_TRACE=PATH` when the
/// server starts; a server without it never traces. Each statement ends with a NUL byte, since
/// statements and their text values may span lines.
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
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let file = FileHandle(forWritingAtPath: path)
        else { throw FileError(path: path) }
        writer.writeWithoutTransaction { db in
            db.trace(options: .statement) { event in
                guard case .statement(let statement) = event else { return }
                file.write(Data((statement.expandedSQL + "\0").utf8))
            }
        }
    }
}
