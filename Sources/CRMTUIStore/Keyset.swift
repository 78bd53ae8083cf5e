// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMTUI
import GRDB

/// Keyset page queries in both directions over a `(sort column, num)` index.
///
/// Forward reads `(a, num) > anchor ORDER BY a, num`; backward reads `< anchor` in descending
/// order and reverses, so both directions are one index range scan of `limit` rows.
enum Keyset {
    /// A position: the sort column's value and the local number.
    struct Anchor: Sendable, Equatable {
        var first: DatabaseValue
        var num: Int64
    }

    static func fetch(
        _ db: Database, select: String, conditions: [String], arguments: StatementArguments = [],
        keys: (String, String), page: PageRequest<Anchor>
    ) throws -> [Row] {
        var conditions = conditions
        var arguments = arguments
        let forward = page.direction == .forward
        if let anchor = page.anchor {
            conditions.append("(\(keys.0), \(keys.1)) \(forward ? ">" : "<") (?, ?)")
            arguments += [anchor.first, anchor.num]
        }
        let order = forward ? "\(keys.0), \(keys.1)" : "\(keys.0) DESC, \(keys.1) DESC"
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let rows = try Row.fetchAll(
            db, sql: "\(select)\(whereClause) ORDER BY \(order) LIMIT ?", arguments: arguments + [page.limit])
        return forward ? rows : rows.reversed()
    }
}
