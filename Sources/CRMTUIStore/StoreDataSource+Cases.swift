// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI

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
            let earlier = try store.caseKeys(
                storeFilter, before: page.anchor.map { ($0.due, $0.num) }, now: now, count: page.limit + 1)
            guard !earlier.isEmpty else { return [] }
            cursor = earlier.count > page.limit ? earlier.last : nil
            let rows = try store.cases(storeFilter, after: cursor, limit: min(page.limit, earlier.count))
            return rows.map(Self.row)
        }
        return try store.cases(storeFilter, after: cursor, limit: page.limit).map(Self.row)
    }

    func storeFilter(_ filter: CRMTUI.CaseFilter) throws -> CRMStore.CaseFilter {
        var result = CRMStore.CaseFilter()
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
        case .changed:
            result.statuses = nil
            result.changedAfter = try store.changesSeen()
        }
        return result
    }

    public func remoteChangeMark() throws -> Int64 { try store.remoteChangeMark() }

    public func markChangesSeen(upTo mark: Int64) throws { try store.markChangesSeen(upTo: mark) }

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
        try store.setCasePriority(id, try Self.priority(priority))
    }

    public func setCaseStatus(_ id: RecordID, _ status: String) throws {
        try store.setCaseStatus(id, try Self.status(status))
    }

    /// A priority the user typed or picked, in any case; a wrong one names the four there are.
    static func priority(_ text: String) throws -> SupportCase.Priority {
        guard let value = SupportCase.Priority(rawValue: text.lowercased()) else {
            throw FieldError(field: "priority", message: "unknown priority \(text); use low, normal, high or urgent")
        }
        return value
    }

    /// A status the user typed or picked, in any case; a wrong one names the five there are.
    static func status(_ text: String) throws -> SupportCase.Status {
        guard let value = SupportCase.Status(rawValue: text.lowercased()) else {
            throw FieldError(
                field: "status", message: "unknown status \(text); use new, open, pending, solved or closed")
        }
        return value
    }
}
