// crm — a terminal-first CRM. Licensed under the MIT License.

import PostgresNIO

/// The rows of one multi-row `INSERT … VALUES`, bound as parameters, so a whole batch's rows
/// reach PostgreSQL in one round trip instead of one each.
///
/// Rows are cut into statements of at most `rowsPerStatement`, to stay below PostgreSQL's 65,535
/// parameters per statement whatever the batch size.
///
/// ```swift
/// var values = PostgresValues()
/// for row in rows { values.row { $0.add(row.id); $0.add(row.note) } }
/// for query in values.queries("INSERT INTO t (id, note)") { try await sql.run(query) }
/// ```
struct PostgresValues {
    /// At most 1,000 rows of up to 18 columns: 18,000 parameters.
    let rowsPerStatement = 1000
    private var chunks: [(binds: PostgresBindings, tuples: [String])] = []

    /// One row's parameters, in column order.
    struct Row {
        fileprivate var binds: PostgresBindings
        fileprivate var placeholders: [String] = []

        /// Binds a value, or SQL NULL for nil.
        mutating func add<Value: PostgresDynamicTypeEncodable>(_ value: Value?) {
            if let value { binds.append(value, context: .default) } else { binds.appendNull() }
            placeholders.append("$\(binds.count)")
        }
    }

    var isEmpty: Bool { chunks.isEmpty }

    /// Adds one row, its values bound by `fill`.
    mutating func row(_ fill: (inout Row) -> Void) {
        if chunks.last.map({ $0.tuples.count >= rowsPerStatement }) ?? true {
            chunks.append((PostgresBindings(), []))
        }
        var row = Row(binds: chunks[chunks.count - 1].binds)
        fill(&row)
        chunks[chunks.count - 1].binds = row.binds
        chunks[chunks.count - 1].tuples.append("(" + row.placeholders.joined(separator: ", ") + ")")
    }

    /// The statements: `head VALUES (…), (…) tail`, one per chunk of rows.
    func queries(_ head: String, _ tail: String = "") -> [PostgresQuery] {
        chunks.map {
            PostgresQuery(unsafeSQL: "\(head) VALUES \($0.tuples.joined(separator: ", ")) \(tail)", binds: $0.binds)
        }
    }
}
