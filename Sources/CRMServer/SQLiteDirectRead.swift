// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB
import GRDBSQLite

/// Reads the rows of the sync path's statements through SQLite's C API instead of GRDB's `Row`.
///
/// A push reads its tenant, its device, a probe per change id and a row per field it sets; a pull
/// reads its tenant's head and, when the tail does not hold them, a page of the log. Through
/// `Row.fetchOne` each of those rows built a cursor and a copied row of boxed values: at 24,000
/// devices GRDB's row machinery around those reads was 5.3 % of the server's samples, more than
/// SQLite's own stepping (Docs/BENCHMARKS.md, 2026-12-06). Here the statement is still GRDB's
/// (from its cache, its values bound by `PushStatementBinding`), stepped by `sqlite3_step` and
/// read by column index, then reset at once so that no read stays open.
///
/// What GRDB's own stepping adds is left out on purpose: the server observes no database region
/// and registers no transaction observer. A failed step is reported as GRDB's `DatabaseError`, the
/// statement reset (SQLite restores a statement that failed on reset, so the cached one stays
/// usable). Only for the server's own `SELECT` texts, with `?` parameters.
enum SQLiteDirectRead {
    /// The current row of a stepped statement, read by column index; valid only inside the
    /// closure it is passed to.
    struct Columns {
        fileprivate let handle: OpaquePointer

        func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

        func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

        func optionalInt64(_ index: Int32) -> Int64? { isNull(index) ? nil : int64(index) }

        /// The column as text; "" for NULL, as `sqlite3_column_text` gives it.
        func text(_ index: Int32) -> String {
            guard let bytes = sqlite3_column_text(handle, index) else { return "" }
            let count = Int(sqlite3_column_bytes(handle, index))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }

        func optionalText(_ index: Int32) -> String? { isNull(index) ? nil : text(index) }
    }

    /// The first row of `statement` with `values` bound, read by `read`; nil when there is none.
    static func first<T>(
        _ statement: Statement, _ values: [PushRows.Value], _ read: (Columns) throws -> T
    ) throws -> T? {
        try PushStatementBinding.bind(values, to: statement)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        guard try step(statement) else { return nil }
        return try read(Columns(handle: handle))
    }

    /// Every row of `statement` with `values` bound, each passed to `read` in turn.
    static func each(
        _ statement: Statement, _ values: [PushRows.Value], _ read: (Columns) throws -> Void
    ) throws {
        try PushStatementBinding.bind(values, to: statement)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while try step(statement) { try read(Columns(handle: handle)) }
    }

    /// One step: true on a row, false when done, a `DatabaseError` naming the statement otherwise.
    private static func step(_ statement: Statement) throws -> Bool {
        let handle = statement.sqliteStatement
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            let message = sqlite3_db_handle(handle).map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
