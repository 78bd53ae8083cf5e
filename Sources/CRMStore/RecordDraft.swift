// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// Who a record belongs to, as the person adding or editing it said.
public enum OwnerChoice: Sendable, Equatable {
    /// Whoever uses this device (`crm init --user`, or the account of `crm sync login`).
    case currentUser
    /// A teammate, already resolved (an active one, for new work).
    case person(RecordID)
    /// Nobody.
    case nobody
}

/// A record to add, or the changes to make to one, with its links as people write them.
///
/// The CLI's `add`/`edit` commands and the TUI's forms build one from what the user typed and
/// hand it to `Store.add(_:)` or `edit(_:id:_:)`, which own the rules every surface shares:
/// a new record belongs to the current user unless told otherwise; a company named by text is
/// found, or created in the same transaction; a contact is found by #number, email or name; a
/// deal starts in the first open stage with its history; a case gets its SLA due times.
public struct RecordDraft: Sendable {
    public var kind: EntityKind
    /// Schema values, already parsed and validated (`FieldSpec.parse`).
    public var fields: [String: FieldValue]
    /// A company by name, #number or id; a name no company has creates it.
    ///
    /// Empty clears the link.
    public var company: String?
    /// A contact by #number, email, name or id.
    ///
    /// Empty clears the link.
    public var contact: String?
    /// The owner; nil leaves it as it is on an edit, and means `.currentUser` on an add.
    public var owner: OwnerChoice?
    /// Custom-field values as typed, by the field's name or key (`"Renewal date": "2027-03-01"`).
    ///
    /// Empty text clears. Checked against the definitions before anything is written.
    public var custom: [String: String]

    public init(
        _ kind: EntityKind, fields: [String: FieldValue] = [:], company: String? = nil, contact: String? = nil,
        owner: OwnerChoice? = nil, custom: [String: String] = [:]
    ) {
        self.kind = kind
        self.custom = custom
        self.fields = fields
        self.company = company
        self.contact = contact
        self.owner = owner
    }
}
