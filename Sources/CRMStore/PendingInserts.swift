// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB

/// Rows for one table that a write transaction appends and nobody reads back before it commits,
/// written in multi-row `INSERT` statements instead of one statement per row.
///
/// The change log and the search documents of new records are such rows: a create reads
/// neither, and both are flushed before the transaction commits (`ChangeRecorder.finish`) or
/// before anything that touches the same rows (a search document replaced within the same
/// transaction). Each statement costs its binding, its VDBE set-up and GRDB's bookkeeping; at
/// 64 rows a statement those are paid once per 64 rows, which is what a bulk load of a million
/// records spends most of its non-SQLite time on. Memory stays bounded: a full chunk is written
/// as soon as it fills.
final class PendingInserts {
    /// Rows per statement: well under SQLite's 32,766 bound parameters for every table here.
    static let chunk = 64

    private let table: String
    private let columns: [String]
    private var values: [DatabaseValue] = []
    /// The statement for a full chunk, prepared at the first one and bound directly.
    private var fullChunk: DirectStatement?

    init(table: String, columns: [String]) {
        self.table = table
        self.columns = columns
        values.reserveCapacity(columns.count * Self.chunk)
    }

    /// Queues one row (its values in the order of `columns`); writes a full chunk at once.
    func append(_ row: [DatabaseValue], in db: Database) throws {
        precondition(row.count == columns.count, "a row for \(table) needs \(columns.count) values")
        values.append(contentsOf: row)
        if values.count == columns.count * Self.chunk { try flush(db) }
    }

    /// Writes every queued row, in the order they were appended.
    func flush(_ db: Database) throws {
        guard !values.isEmpty else { return }
        let rows = values.count / columns.count
        defer { values.removeAll(keepingCapacity: true) }
        guard rows == Self.chunk else {
            return try DirectStatement.execute(db.cachedStatement(sql: sql(rows: rows)), values)
        }
        if fullChunk == nil { fullChunk = try DirectStatement(db, sql: sql(rows: rows)) }
        try fullChunk?.execute(values)
    }

    private func sql(rows: Int) -> String {
        let one = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        return "INSERT INTO \(table) (\(columns.joined(separator: ","))) VALUES "
            + Array(repeating: one, count: rows).joined(separator: ",")
    }
}
