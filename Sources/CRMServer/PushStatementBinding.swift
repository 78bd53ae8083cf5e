// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB
import GRDBSQLite

/// Binds the values of a push's statements through SQLite's C API instead of `StatementArguments`.
///
/// A push runs about ten statements on the writer (the tenant, device, change id and field reads,
/// the inserts and updates). Through `StatementArguments` every value is boxed as `any
/// DatabaseValueConvertible` and bound by generic code that is not specialised outside GRDB:
/// about a tenth of the writer thread's samples in a push (Docs/BENCHMARKS.md, 2026-12-05). As
/// CRMStore's `DirectStatement` does for the local store, the statement stays GRDB's (from its
/// cache, executed by GRDB, errors reported as `DatabaseError`); GRDB is told its arguments are set
/// (to none, which resets the statement and clears every binding), and each value is bound by a
/// switch on its case. Only for the server's own statement texts, with `?` parameters.
enum PushStatementBinding {
    /// Binds `values` to the `?` parameters of `statement`, in order.
    static func bind(_ values: [PushRows.Value], to statement: Statement) throws {
        let handle = statement.sqliteStatement
        let parameters = Int(sqlite3_bind_parameter_count(handle))
        guard parameters == values.count else {
            throw DatabaseError(
                resultCode: .SQLITE_MISUSE, message: "\(values.count) values for \(parameters) parameters",
                sql: statement.sql)
        }
        // Resets the statement and sets every parameter to NULL; GRDB then binds nothing of its own.
        statement.setUncheckedArguments(StatementArguments())
        for (offset, value) in values.enumerated() {
            let code = bind(value, at: Int32(offset + 1), to: handle)
            guard code == SQLITE_OK else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errstr(code)),
                    sql: statement.sql)
            }
        }
    }

    /// Binds one value; a nil one is left NULL, as the clearing made it.
    private static func bind(_ value: PushRows.Value, at index: Int32, to handle: OpaquePointer)
        -> Int32
    {
        switch value {
        case .integer(let number?):
            return sqlite3_bind_int64(handle, index, number)
        case .text(var text?):
            // SQLITE_TRANSIENT: SQLite copies the text before the call returns. An empty buffer
            // may have no address, and a NULL pointer would bind NULL, not "".
            let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
            if text.isEmpty { return sqlite3_bind_text(handle, index, "", 0, transient) }
            return text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    sqlite3_bind_text(handle, index, chars.baseAddress, Int32(chars.count), transient)
                }
            }
        case .integer(nil), .text(nil):
            return SQLITE_OK
        }
    }
}
