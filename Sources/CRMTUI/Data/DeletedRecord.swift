// crm — a terminal-first CRM. Licensed under the MIT License.

/// A deleted record as the "recently deleted" view lists it, ready to restore.
public struct DeletedRecord: Sendable, Equatable {
    public var ref: RecordRef
    /// The record's name, title or subject.
    public var title: String
    /// When it was deleted, in UTC milliseconds.
    public var at: Int64

    public init(ref: RecordRef, title: String, at: Int64) {
        self.ref = ref
        self.title = title
        self.at = at
    }
}
