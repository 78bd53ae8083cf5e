// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// Restricts a search to one kind of record, from palette commands such as `:deal Acme`.
public struct RecordKindFilter: Sendable, Equatable {
    public var kind: EntityKind

    public init(_ kind: EntityKind) {
        self.kind = kind
    }

    /// The plural shown in titles, such as "deals" or "cases".
    public var label: String { kind == .company ? "companies" : kind.noun + "s" }

    func matches(_ other: EntityKind) -> Bool { other == kind }
}
