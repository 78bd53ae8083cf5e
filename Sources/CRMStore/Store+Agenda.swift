// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// An open task with the record it is about: what an agenda row shows.
public struct AgendaTask: Hashable, Sendable {
    public var task: Activity
    /// The record the task is about: its deal first, then case, contact, company.
    public var about: (kind: EntityKind, id: RecordID, name: String)? {
        guard let aboutKind, let aboutID else { return nil }
        return (aboutKind, aboutID, aboutName)
    }
    var aboutKind: EntityKind?
    var aboutID: RecordID?
    var aboutName: String
}

/// A deleted record as the "recently deleted" view lists it.
public struct DeletedEntry: Hashable, Sendable {
    public var kind: EntityKind
    public var id: RecordID
    public var title: String
    /// When it was deleted (its last update), UTC milliseconds.
    public var at: Int64
}

extension Store {
    /// Open tasks of `owner` (every owner's if nil) due in `[from, until)`, soonest first, each
    /// with the record it is about.
    public func agendaTasks(owner: RecordID?, from start: Int64?, until end: Int64?, limit: Int) throws
        -> [AgendaTask]
    {
        let (condition, arguments) = Self.openTaskCondition(owner: owner, from: start, until: end)
        let sql = """
            SELECT a.*, p.name AS contact_name, co.name AS company_name, d.title AS deal_title,
                k.subject AS case_subject
            FROM activities a
            LEFT JOIN contacts p ON p.id = a.contact_id LEFT JOIN companies co ON co.id = a.company_id
            LEFT JOIN deals d ON d.id = a.deal_id LEFT JOIN cases k ON k.id = a.case_id
            WHERE \(condition) ORDER BY a.due_at, a.num LIMIT ?
            """
        let links: [(EntityKind, String, String)] = [
            (.deal, "deal_id", "deal_title"), (.supportCase, "case_id", "case_subject"),
            (.contact, "contact_id", "contact_name"), (.company, "company_id", "company_name"),
        ]
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments + [limit]).map { row in
                let link = links.lazy.compactMap { kind, column, name -> (EntityKind, RecordID, String)? in
                    guard let id = RecordDecoding.id(row, column) else { return nil }
                    return (kind, id, row[name] ?? "")
                }.first
                return AgendaTask(
                    task: RecordDecoding.activity(row), aboutKind: link?.0, aboutID: link?.1, aboutName: link?.2 ?? "")
            }
        }
    }

    /// How many open tasks of `owner` are due in `[from, until)`: counted, never capped.
    public func openTaskCount(owner: RecordID?, from start: Int64?, until end: Int64?) throws -> Int {
        let (condition, arguments) = Self.openTaskCondition(owner: owner, from: start, until: end)
        return try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activities a WHERE \(condition)", arguments: arguments) ?? 0
        }
    }

    private static func openTaskCondition(owner: RecordID?, from start: Int64?, until end: Int64?) -> (
        String, StatementArguments
    ) {
        var sql = "a.deleted = 0 AND a.kind = 'task' AND a.done = 0 AND a.due_at IS NOT NULL"
        var arguments: StatementArguments = []
        if let owner {
            sql += " AND a.owner_id = ?"
            arguments += [owner.rawValue]
        }
        if let start {
            sql += " AND a.due_at >= ?"
            arguments += [start]
        }
        if let end {
            sql += " AND a.due_at < ?"
            arguments += [end]
        }
        return (sql, arguments)
    }

    /// The most recently deleted records of every restorable kind, newest first.
    public func recentlyDeleted(limit: Int) throws -> [DeletedEntry] {
        let kinds: [(EntityKind, String)] = [
            (.contact, "name"), (.company, "name"), (.deal, "title"), (.supportCase, "subject"), (.activity, "subject"),
        ]
        // Each branch reads the table's `…_trash` partial index (schema v10-undo), newest first.
        let sql =
            kinds.map { kind, column in
                "SELECT '\(kind.rawValue)' AS kind, id, \(column) AS title, updated_at FROM \(kind.table) WHERE deleted = 1"
            }.joined(separator: " UNION ALL ") + " ORDER BY updated_at DESC LIMIT ?"
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: [limit]).compactMap { row in
                guard let kind = EntityKind(rawValue: row["kind"]), let id = RecordDecoding.id(row, "id") else {
                    return nil
                }
                return DeletedEntry(kind: kind, id: id, title: row["title"] ?? "", at: row["updated_at"])
            }
        }
    }
}
