// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A link an imported record should have but cannot yet: its source names a record (by the
/// source's id) that this device does not hold, because the file that has it is imported later,
/// or not at all.
///
/// Kept in the local `import_pending` table (migration `v12-references`) so that importing the
/// files of an export in any order gives the same links: the import of the missing record sets
/// the field and drops the entry. `crm import check` lists what is left.
public struct PendingReference: Sendable, Hashable, Codable {
    /// The record that should point at the missing one.
    public var entity: EntityKind
    public var entityID: RecordID
    /// Its reference field (`company_id`, `contact_id`, `owner_id`, `assignee_id`).
    public var field: String
    /// What the missing record is, and its id in the source system (`AccountId`, `OwnerId`).
    public var target: EntityKind
    public var sourceID: String
    /// Where the reference was read, for the user to find it.
    public var file: String
    public var line: Int

    public init(
        entity: EntityKind, entityID: RecordID, field: String, target: EntityKind, sourceID: String, file: String,
        line: Int
    ) {
        self.entity = entity
        self.entityID = entityID
        self.field = field
        self.target = target
        self.sourceID = sourceID
        self.file = file
        self.line = line
    }
}
