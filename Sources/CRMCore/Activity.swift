// crm — a terminal-first CRM. Licensed under the MIT License.

/// A call, meeting, email, note or task linked to a contact, company, deal or case.
public struct Activity: Hashable, Sendable {
    /// What kind of activity this is.
    public enum Kind: String, Sendable, CaseIterable {
        case call, meeting, email, note, task
    }

    public var id: RecordID
    public var num: Int64
    public var kind: Kind
    public var subject: String
    public var body: String?
    public var dueAt: Int64?
    public var done: Bool
    public var doneAt: Int64?
    public var contactID: RecordID?
    public var companyID: RecordID?
    public var dealID: RecordID?
    public var caseID: RecordID?
    public var ownerID: RecordID?
    public var createdAt: Int64

    public init(id: RecordID, num: Int64, kind: Kind, subject: String) {
        self.id = id
        self.num = num
        self.kind = kind
        self.subject = subject
        done = false
        createdAt = 0
    }

    /// Whether an open task is past its due time.
    public func isOverdue(nowMillis: Int64) -> Bool {
        guard kind == .task, !done, let dueAt else { return false }
        return dueAt < nowMillis
    }
}
