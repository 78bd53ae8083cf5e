// crm — a terminal-first CRM. Licensed under the MIT License.

/// One search result, of any kind.
public struct SearchHit: Sendable, Equatable {
    public var ref: RecordRef
    public var title: String
    /// A second line of context, such as the email or the company.
    public var subtitle: String

    public init(ref: RecordRef, title: String, subtitle: String = "") {
        self.ref = ref
        self.title = title
        self.subtitle = subtitle
    }
}
