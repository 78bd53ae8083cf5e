// crm — a terminal-first CRM. Licensed under the MIT License.

import PostgresNIO

/// One statement's parameters, numbered as they are bound, so that several inserts and updates
/// reach PostgreSQL as one statement: one round trip, one parse, instead of one each.
///
/// ```swift
/// var statement = PostgresStatement()
/// let sql = "UPDATE t SET n = \(statement.bind(.integer(1))) WHERE id = \(statement.bind(.text("a")))"
/// try await executor.run(statement.query(sql))
/// ```
struct PostgresStatement {
    /// PostgreSQL's limit on one statement's parameters (the protocol counts them in 16 bits).
    static let maximumParameters = 65_535

    private(set) var binds = PostgresBindings()

    /// Binds `value` (SQL NULL for a nil) and returns its placeholder, `$N`.
    mutating func bind(_ value: PushRows.Value) -> String {
        switch value {
        case .text(let text?): binds.append(text)
        case .integer(let integer?): binds.append(integer)
        case .text(nil), .integer(nil): binds.appendNull()
        }
        return "$\(binds.count)"
    }

    /// Binds every value of `rows` and returns their tuples, `($1, $2), ($3, $4)`.
    mutating func tuples(_ rows: [[PushRows.Value]]) -> String {
        var tuples: [String] = []
        tuples.reserveCapacity(rows.count)
        for row in rows {
            tuples.append("(" + row.map { bind($0) }.joined(separator: ", ") + ")")
        }
        return tuples.joined(separator: ", ")
    }

    /// The statement `sql`, its placeholders bound by this builder.
    func query(_ sql: String) -> PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
