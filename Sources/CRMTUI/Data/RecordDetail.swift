// crm — a terminal-first CRM. Licensed under the MIT License.

/// Everything the detail view shows about one record.
public struct RecordDetail: Sendable, Equatable {
    /// One labelled value; `name` is the form field name when the value can be edited.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var label: String
        public var value: String

        public init(name: String, label: String, value: String) {
            self.name = name
            self.label = label
            self.value = value
        }
    }

    /// One timeline event: an activity or a change.
    public struct TimelineEntry: Sendable, Equatable {
        public var at: Int64
        public var kind: String
        public var text: String

        public init(at: Int64, kind: String, text: String) {
            self.at = at
            self.kind = kind
            self.text = text
        }
    }

    public var ref: RecordRef
    public var title: String
    public var fields: [Field]
    /// Newest first.
    public var timeline: [TimelineEntry]
    /// The related records shown in panes of their own (a company's contacts, open deals and
    /// open cases); empty for kinds without any.
    public var related: [RelatedGroup]

    public init(
        ref: RecordRef, title: String, fields: [Field], timeline: [TimelineEntry], related: [RelatedGroup] = []
    ) {
        self.ref = ref
        self.title = title
        self.fields = fields
        self.timeline = timeline
        self.related = related
    }

    /// The current value of a field by form name, empty when absent.
    public func value(of name: String) -> String {
        fields.first { $0.name == name }?.value ?? ""
    }
}
