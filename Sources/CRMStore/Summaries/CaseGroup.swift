// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One row of the case scan: live cases grouped by status, priority and the state of both SLA
/// targets at `now` (the rules of `SLAClock`, evaluated in SQL).
public struct CaseGroup: Hashable, Sendable {
    public var status: SupportCase.Status
    public var priority: SupportCase.Priority
    public var firstResponse: SLAClock.State
    public var resolution: SLAClock.State
    public var count: Int
    /// Cases with a first response, and Σ (first_response_at − created_at) over them.
    public var responded: Int
    public var responseMillis: Int64
    /// Cases with a resolution time, and Σ (resolved_at − created_at − paused_ms) over them.
    public var resolved: Int
    public var resolutionMillis: Int64

    public init(
        status: SupportCase.Status, priority: SupportCase.Priority, firstResponse: SLAClock.State,
        resolution: SLAClock.State, count: Int, responded: Int, responseMillis: Int64, resolved: Int,
        resolutionMillis: Int64
    ) {
        self.status = status
        self.priority = priority
        self.firstResponse = firstResponse
        self.resolution = resolution
        self.count = count
        self.responded = responded
        self.responseMillis = responseMillis
        self.resolved = resolved
        self.resolutionMillis = resolutionMillis
    }
}

/// Open tasks past their due time, per owner.
public struct OverdueTasks: Hashable, Sendable {
    public var ownerID: String?
    public var name: String
    public var count: Int
    /// The earliest due time among them, UTC milliseconds.
    public var oldestDue: Int64

    public init(ownerID: String?, name: String, count: Int, oldestDue: Int64) {
        self.ownerID = ownerID
        self.name = name
        self.count = count
        self.oldestDue = oldestDue
    }
}
