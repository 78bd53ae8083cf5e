// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One open task (an activity of kind task) on the agenda.
public struct TaskRow: Sendable, Equatable {
    public var id: RecordID
    public var subject: String
    public var dueAt: Int64?
    /// What the task is about (contact, deal or case), if anything.
    public var related: RecordRef?
    public var relatedName: String

    public init(id: RecordID, subject: String, dueAt: Int64?, related: RecordRef? = nil, relatedName: String = "") {
        self.id = id
        self.subject = subject
        self.dueAt = dueAt
        self.related = related
        self.relatedName = relatedName
    }
}
