// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// Which tasks an agenda shows.
public enum TaskWindow: String, Sendable, CaseIterable {
    /// Open tasks due before now.
    case overdue
    /// Open tasks due before the end of today (overdue included).
    case today
    /// Open tasks due in the next seven days (overdue included).
    case week
    /// Every open task, by due time.
    case open
}

extension Store {
    /// One activity.
    public func activity(_ id: RecordID) throws -> Activity {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM activities WHERE id = ?", arguments: [id.rawValue])
            else { throw StoreError.notFound(kind: .activity, handle: id.rawValue) }
            return RecordDecoding.activity(row)
        }
    }

    /// Open tasks in a due window, soonest first; undated tasks come last in `.open`.
    public func tasks(
        _ window: TaskWindow, owner: PersonFilter? = nil, timeZoneOffsetSeconds: Int = 0, limit: Int = 500
    ) throws -> [Activity] {
        let now = nowMillis
        let endOfToday = WhenParser.parse("today", nowMillis: now, timeZoneOffsetSeconds: timeZoneOffsetSeconds) ?? now
        let startOfTomorrow = endOfToday + 7 * 3_600_000
        let until: Int64? =
            switch window {
            case .overdue: now
            case .today: startOfTomorrow
            case .week: startOfTomorrow + 6 * 86_400_000
            case .open: nil
            }
        return try read { db in
            var sql = "SELECT * FROM activities WHERE deleted = 0 AND kind = 'task' AND done = 0"
            var arguments: StatementArguments = []
            if let until {
                sql += " AND due_at IS NOT NULL AND due_at < ?"
                arguments += [until]
            }
            if let owner {
                sql += " AND " + owner.condition("owner_id")
                arguments += owner.arguments
            }
            sql += " ORDER BY due_at IS NULL, due_at, num LIMIT ?"
            return try Row.fetchAll(db, sql: sql, arguments: arguments + [limit]).map(RecordDecoding.activity)
        }
    }

    /// Marks a task done (or not done again).
    public func setTaskDone(_ id: RecordID, _ done: Bool = true) throws {
        try write { recorder in
            try recorder.update(
                .activity, id: id, ["done": .bool(done), "done_at": done ? .integer(recorder.nowMillis) : .null])
        }
    }

    /// Activities linked to a record, newest first.
    public func activities(linkedTo kind: EntityKind, id: RecordID, limit: Int = 200) throws -> [Activity] {
        let column: String
        switch kind {
        case .contact: column = "contact_id"
        case .company: column = "company_id"
        case .deal: column = "deal_id"
        case .supportCase: column = "case_id"
        default: return []
        }
        return try read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT * FROM activities WHERE \(column) = ? AND deleted = 0 ORDER BY created_at DESC, num DESC LIMIT ?",
                arguments: [id.rawValue, limit]
            ).map(RecordDecoding.activity)
        }
    }

    /// Recent activities of every kind, newest first, after the given num.
    public func activities(before num: Int64? = nil, limit: Int) throws -> [Activity] {
        try read { db in
            var sql = "SELECT * FROM activities WHERE deleted = 0"
            var arguments: StatementArguments = []
            if let num {
                sql += " AND num < ?"
                arguments += [num]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY num DESC LIMIT ?", arguments: arguments + [limit])
                .map(RecordDecoding.activity)
        }
    }
}
