// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A pointer to one record of some kind: what detail views, search hits and links carry.
public struct RecordRef: Sendable, Hashable {
    public var kind: EntityKind
    public var id: RecordID

    public init(_ kind: EntityKind, _ id: RecordID) {
        self.kind = kind
        self.id = id
    }
}
