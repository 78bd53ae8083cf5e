// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import GRDB

extension StoreDataSource {
    /// The queue in `(sla_due, num)` order.
    ///
    /// Forward pages come straight from the store; a backward
    /// page finds, by the same index read in reverse, where the page starts, then reads forward.
    public func cases(_ filter: CRMTUI.CaseFilter, now: Int64, _ page: PageRequest<DueKey>) throws -> [CaseRow] {
        let storeFilter = try self.storeFilter(filter)
        let cursor: (due: Int64, num: Int64)?
        switch page.direction {
        case .forward:
            cursor = page.anchor.map { ($0.due, $0.num) }
        case .backward:
            let earlier = try keysBefore(page.anchor, filter: storeFilter, now: now, count: page.limit + 1)
            guard !earlier.isEmpty else { return [] }
            cursor = earlier.count > page.limit ? earlier.last : nil
            let rows = try store.cases(storeFilter, after: cursor, limit: min(page.limit, earlier.count))
            return rows.map(Self.row)
        }
        return try store.cases(storeFilter, after: cursor, limit: page.limit).map(Self.row)
    }

    func storeFilter(_ filter: CRMTUI.CaseFilter) throws -> StoreCaseFilter {
        var result = StoreCaseFilter()
        switch filter {
        case .open: break
        case .mine:
            guard let me = try store.currentUser() else {
                throw AdapterError.noCurrentUser
            }
            result.assigneeID = me.id
        case .unassigned: result.unassigned = true
        case .breached: result.breachedOnly = true
        case .atRisk: result.atRiskOnly = true
        }
        return result
    }

    /// The `(sla_due, num)` keys of up to `count` matching cases just before the anchor, nearest first.
    private func keysBefore(_ anchor: DueKey?, filter: StoreCaseFilter, now: Int64, count: Int) throws -> [(
        due: Int64, num: Int64
    )] {
        var conditions = ["deleted = 0", "status IN ('new', 'open', 'pending')"]
        var arguments: StatementArguments = []
        if let assignee = filter.assigneeID {
            conditions.append("assignee_id = ?")
            arguments += [assignee.rawValue]
        }
        if filter.unassigned { conditions.append("assignee_id IS NULL") }
        if filter.breachedOnly {
            conditions.append("sla_due < ?")
            arguments += [now]
        }
        if filter.atRiskOnly {
            conditions.append("sla_due >= ?")
            arguments += [now]
        }
        if let anchor {
            conditions.append("(sla_due, num) < (?, ?)")
            arguments += [anchor.due, anchor.num]
        }
        let sql = """
            SELECT sla_due, num, created_at, first_response_due, resolution_due, first_response_at, resolved_at, paused_at
            FROM cases WHERE \(conditions.joined(separator: " AND ")) ORDER BY sla_due DESC, num DESC
            """
        return try store.read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var keys: [(due: Int64, num: Int64)] = []
            while keys.count < count, let row = try rows.next() {
                if filter.atRiskOnly && Self.clock(row, now: now).overall != .atRisk { continue }
                keys.append((row["sla_due"] ?? Int64.max, row["num"]))
            }
            return keys
        }
    }

    static func clock(_ row: Row, now: Int64) -> SLAClock {
        SLAClock(
            createdAt: row["created_at"] ?? 0, firstResponseDue: row["first_response_due"] ?? 0,
            resolutionDue: row["resolution_due"] ?? 0, firstResponseAt: row["first_response_at"],
            resolvedAt: row["resolved_at"], pausedAt: row["paused_at"], nowMillis: now)
    }

    /// A queue row; its due time is the store's triage key (`sla_due`: frozen at a pause).
    static func row(_ item: SupportCase) -> CaseRow {
        let key = SLAClock(
            createdAt: item.createdAt, firstResponseDue: item.firstResponseDue, resolutionDue: item.resolutionDue,
            firstResponseAt: item.firstResponseAt, resolvedAt: item.resolvedAt, pausedAt: item.pausedAt,
            nowMillis: item.pausedAt ?? 0)
        return CaseRow(
            id: item.id, num: item.num, subject: item.subject, priority: item.priority.rawValue,
            status: item.status.rawValue,
            queue: item.queue ?? "", contact: item.contactName ?? "", assigneeID: item.assigneeID,
            assignee: item.assigneeName ?? "", slaDue: key.nextDue, createdAt: item.createdAt)
    }

    public func assignCase(_ id: RecordID, to user: RecordID?) throws {
        try store.assignCase(id, to: user)
    }

    public func setCasePriority(_ id: RecordID, _ priority: String) throws {
        guard let value = SupportCase.Priority(rawValue: priority) else {
            throw FieldError(
                field: "priority", message: "unknown priority \(priority); use low, normal, high or urgent")
        }
        try store.setCasePriority(id, value)
    }

    public func setCaseStatus(_ id: RecordID, _ status: String) throws {
        guard let value = SupportCase.Status(rawValue: status) else {
            throw FieldError(
                field: "status", message: "unknown status \(status); use new, open, pending, solved or closed")
        }
        try store.setCaseStatus(id, value)
    }
}
