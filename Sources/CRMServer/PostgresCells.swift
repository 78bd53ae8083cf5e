// crm — a terminal-first CRM. Licensed under the MIT License.

import PostgresNIO

/// A row's columns read left to right, each decoded as one concrete type.
///
/// `PostgresRow.decode((A, B, …).self)` takes the row's types as a parameter pack and looks up
/// generic metadata at run time for every row; the pull's eighteen columns made that about 6% of
/// an instance's CPU under sync load (Docs/BENCHMARKS.md, 2026-12-05). Here each `next` is a
/// call the compiler specialises.
///
/// ```swift
/// var cells = PostgresCells(row, statement: "PostgresSessionStatement")
/// let tenantID: String = try cells.next()
/// ```
struct PostgresCells {
    private var iterator: PostgresRow.Iterator
    private var column = 0
    private let statement: String

    /// `statement` names the query in the error a missing column raises.
    init(_ row: PostgresRow, statement: String) {
        iterator = row.makeIterator()
        self.statement = statement
    }

    /// The next column decoded as `T` (an optional `T` reads SQL NULL as nil).
    mutating func next<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        try nextCell().decode(T.self)
    }

    /// The next column as PostgreSQL sent it, for a type PostgresNIO does not decode
    /// (`PostgresRecordArray`).
    mutating func nextCell() throws -> PostgresCell {
        column += 1
        guard let cell = iterator.next() else { throw MissingColumn(statement: statement, column: column) }
        return cell
    }

    /// A row with fewer columns than its decoder reads: the statement's SQL and its `decodeRow`
    /// disagree.
    struct MissingColumn: Error, CustomStringConvertible {
        var statement: String
        var column: Int
        var description: String {
            "\(statement) returned no column \(column); make its SELECT list and decodeRow list the same columns"
        }
    }
}
