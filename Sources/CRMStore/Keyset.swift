// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB

/// Which way a keyset page reads from its cursor.
public enum ListDirection: Sendable, Equatable {
    /// The rows after the cursor, in list order.
    case forward
    /// The rows before the cursor, still returned in list order.
    case backward
}

/// The store's one keyset pager: pages in both directions over a `(sort column, num)` index.
///
/// Forward reads `(a, num) > cursor ORDER BY a, num`; backward reads `< cursor` in descending
/// order and reverses, so both directions are one index range scan of `limit` rows at any depth
/// (never OFFSET). The CLI's `--after` paging and the TUI's scrolling both go through it.
enum Keyset {
    static func fetch(
        _ db: Database, select: String, conditions: [String], arguments: StatementArguments = [],
        keys: (String, String), cursor: ListCursor?, direction: ListDirection, limit: Int
    ) throws -> [Row] {
        var conditions = conditions
        var arguments = arguments
        let forward = direction == .forward
        if let cursor {
            conditions.append("(\(keys.0), \(keys.1)) \(forward ? ">" : "<") (?, ?)")
            arguments += [cursor.key, cursor.num]
        }
        let order = forward ? "\(keys.0), \(keys.1)" : "\(keys.0) DESC, \(keys.1) DESC"
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let rows = try Row.fetchAll(
            db, sql: "\(select)\(whereClause) ORDER BY \(order) LIMIT ?", arguments: arguments + [limit])
        return forward ? rows : rows.reversed()
    }
}
