// crm — a terminal-first CRM. Licensed under the MIT License.

import Logging
import PostgresNIO

/// One leased PostgreSQL connection with the three calls the store needs: run, one row, all rows.
///
/// Rows come back as `PostgresRandomAccessRow` so columns are read by name, as the SQLite store
/// does; decoding failures surface as `PostgresDecodingError` naming the column.
struct PostgresExecutor: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs a statement and discards any rows.
    func run(_ query: PostgresQuery) async throws {
        _ = try await connection.query(query, logger: logger).collect()
    }

    /// Every row of a query.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }

    /// Every row of a query, for decoding by position (`PostgresRow.decode`), which skips the
    /// by-name lookup of a random-access row.
    func plainRows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    /// The first row of a prepared statement, or nil; reads (and drops) any rows after it.
    func first<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> Statement.Row? {
        var first: Statement.Row?
        for try await row in try await connection.execute(statement, logger: logger) where first == nil {
            first = row
        }
        return first
    }

    /// The first row of a query, or nil.
    func row(_ query: PostgresQuery) async throws -> PostgresRandomAccessRow? {
        try await rows(query).first
    }
}

extension PostgresRandomAccessRow {
    /// The column `name` decoded as `T` (an optional `T` reads SQL NULL as nil).
    func value<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try self[name].decode(T.self)
    }
}
