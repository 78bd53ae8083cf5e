// crm — a terminal-first CRM. Licensed under the MIT License.

/// One list of related records in a detail view: a company's contacts, a contact's cases.
///
/// Each row carries the record it opens, so the detail view's pane can open it with Enter
/// without knowing what kind of record it is.
public struct RelatedGroup: Sendable, Equatable {
    /// One related record: what it is, its name and a short second column (stage, due, email).
    public struct Row: Sendable, Equatable {
        public var ref: RecordRef
        public var title: String
        public var detail: String

        public init(ref: RecordRef, title: String, detail: String = "") {
            self.ref = ref
            self.title = title
            self.detail = detail
        }
    }

    /// "Contacts", "Open deals", "Upcoming tasks".
    public var title: String
    public var rows: [Row]
    /// Whether the data source cut the list (there are more than `rows`).
    public var more: Bool

    public init(_ title: String, rows: [Row], more: Bool = false) {
        self.title = title
        self.rows = rows
        self.more = more
    }
}
