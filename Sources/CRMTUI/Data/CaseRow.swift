// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One support case in the triage queue.
public struct CaseRow: PagedRow, Equatable {
    public var id: RecordID
    /// The data source's local number: the tie-breaker of the queue order.
    public var num: Int64
    public var subject: String
    public var priority: String
    public var status: String
    public var queue: String
    public var contact: String
    public var assigneeID: RecordID?
    public var assignee: String
    /// The next SLA deadline in milliseconds: first response while unanswered, then resolution.
    public var slaDue: Int64?
    /// When that SLA clock started (the case's creation), to tell "at risk" (under 25% left).
    public var createdAt: Int64

    public init(
        id: RecordID, num: Int64, subject: String, priority: String, status: String, queue: String = "",
        contact: String = "",
        assigneeID: RecordID? = nil, assignee: String = "", slaDue: Int64?, createdAt: Int64
    ) {
        self.id = id
        self.num = num
        self.subject = subject
        self.priority = priority
        self.status = status
        self.queue = queue
        self.contact = contact
        self.assigneeID = assigneeID
        self.assignee = assignee
        self.slaDue = slaDue
        self.createdAt = createdAt
    }

    public var pageKey: DueKey { DueKey(due: slaDue, num: num) }
}
