// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One change applied to many records at once by `Store.bulk(_:of:_:)`.
///
/// A bulk action is one write transaction, so one `crm undo` (or `u` in the TUI) takes the whole
/// of it back, and every record goes through the same rules as the single-record command
/// (a case's SLA clock on status and priority, a deal's stage history on a move).
///
/// ```swift
/// try store.bulk([first, second], of: .supportCase, .assign(colleague))
/// ```
public enum BulkAction: Sendable, Equatable {
    /// The owner (contacts, companies, deals) or assignee (cases); nil clears it.
    case assign(RecordID?)
    /// A case's status, with the SLA rules of `CaseWorkflow` (pending pauses the clock).
    case status(SupportCase.Status)
    /// A case's priority; its due times are recomputed from creation.
    case priority(SupportCase.Priority)
    /// A deal's stage, recorded in the stage history; a won or lost stage closes the deal.
    case stage(RecordID)
    /// Adds a tag (contacts, companies, deals) to the tags each record already has.
    case tag(Tag)
    /// Soft-deletes each record (tombstones that sync; undo or `restore` brings them back).
    case delete

    /// The kinds this action applies to, for the error that names a wrong one.
    var kinds: [EntityKind] {
        switch self {
        case .assign: [.contact, .company, .deal, .supportCase]
        case .status, .priority: [.supportCase]
        case .stage: [.deal]
        case .tag: [.contact, .company, .deal]
        case .delete: [.contact, .company, .deal, .supportCase, .activity]
        }
    }

    /// What the action does, for messages: "assign", "set status", "tag".
    public var label: String {
        switch self {
        case .assign: "assign"
        case .status: "set status"
        case .priority: "set priority"
        case .stage: "move"
        case .tag: "tag"
        case .delete: "delete"
        }
    }
}
