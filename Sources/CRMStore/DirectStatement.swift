// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB
import GRDBSQLite

/// A statement of the write path bound through SQLite's C API instead of `StatementArguments`.
///
/// The write path executes one statement per new record and one per 64 change-log entries or
/// search documents, each with up to 640 values. Through GRDB's `StatementArguments` every
/// value is boxed as `any DatabaseValueConvertible`, converted back, and bound through generic
/// helpers that are not specialised outside GRDB; a profile of `crm demo` put a fifth of the
/// whole insert in that bookkeeping, more than the JSON and search text it writes. Here each
/// `DatabaseValue` is bound by a switch on its storage.
///
/// The statement is still GRDB's and still executed by GRDB (`execute()`), so errors are
/// reported as `DatabaseError`s and `DatabaseRegionObservation` (the analytics engine) still
/// sees the writes. GRDB is told once that the statement's arguments are set — to none — so it
/// never binds arguments of its own over these; a statement made with `init(_:sql:)` belongs
/// to its owner alone (one transaction's `ChangeRecorder`), so nothing else can change that.
/// Only for the store's own statement texts, with `?` parameters and no named ones.
final class DirectStatement {
    private let statement: Statement

    /// Prepares `sql` for this owner alone (not from GRDB's statement cache).
    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        statement.setUncheckedArguments(StatementArguments())
    }

    /// Binds `values` to the `?` parameters in order, then executes the statement.
    func execute(_ values: [DatabaseValue]) throws {
        let handle = statement.sqliteStatement
        try Self.checkCount(values, statement)
        // Bindings stay across a reset; every parameter is bound again below, NULLs included.
        sqlite3_reset(handle)
        try Self.bindAll(values, statement, nulls: true)
        try statement.execute()
    }

    /// Binds `values` to a statement shared through GRDB's cache, then executes it.
    ///
    /// Slower than an owned statement by a reset and a clearing of every binding, which is
    /// what makes it safe whatever GRDB bound to the statement before.
    static func execute(_ statement: Statement, _ values: [DatabaseValue]) throws {
        try checkCount(values, statement)
        // Resets the statement and clears every binding to NULL; GRDB now holds no arguments of
        // its own for it and treats the statement as bound.
        statement.setUncheckedArguments(StatementArguments())
        try bindAll(values, statement, nulls: false)
        try statement.execute()
    }

    private static func checkCount(_ values: [DatabaseValue], _ statement: Statement) throws {
        let parameters = Int(sqlite3_bind_parameter_count(statement.sqliteStatement))
        guard parameters == values.count else {
            throw DatabaseError(
                resultCode: .SQLITE_MISUSE, message: "\(values.count) values for \(parameters) parameters",
                sql: statement.sql)
        }
    }

    private static func bindAll(_ values: [DatabaseValue], _ statement: Statement, nulls: Bool) throws {
        let handle = statement.sqliteStatement
        for (offset, value) in values.enumerated() {
            let code = bind(value, at: Int32(offset + 1), to: handle, nulls: nulls)
            guard code == SQLITE_OK else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errstr(code)),
                    sql: statement.sql)
            }
        }
    }

    /// Binds one value; a NULL only when `nulls` (after a clearing, every parameter is NULL).
    private static func bind(_ value: DatabaseValue, at index: Int32, to handle: OpaquePointer, nulls: Bool) -> Int32 {
        // SQLITE_TRANSIENT: SQLite copies text and blobs before the call returns.
        let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
        switch value.storage {
        case .null:
            return nulls ? sqlite3_bind_null(handle, index) : SQLITE_OK
        case .int64(let number):
            return sqlite3_bind_int64(handle, index, number)
        case .double(let number):
            return sqlite3_bind_double(handle, index, number)
        case .string(var text):
            // An empty buffer may have no address, and a NULL pointer would bind NULL, not "".
            if text.isEmpty { return sqlite3_bind_text(handle, index, "", 0, transient) }
            return text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    sqlite3_bind_text(handle, index, chars.baseAddress, Int32(chars.count), transient)
                }
            }
        case .blob(let data):
            if data.isEmpty { return sqlite3_bind_zeroblob(handle, index, 0) }
            return data.withUnsafeBytes { bytes in
                sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), transient)
            }
        }
    }
}
