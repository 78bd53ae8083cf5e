// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One line of a record's history: a change to it, or an activity linked to it.
public struct TimelineEntry: Hashable, Sendable {
    /// What produced the entry.
    public enum Source: String, Sendable {
        case change, activity
    }

    public var at: Int64
    public var source: Source
    /// "create", "set", "delete", "restore", "stage" for changes; the activity kind otherwise.
    public var action: String
    public var summary: String
    /// Who made the change, by name (nil for activities, whose owner shows elsewhere).
    public var author: String?

    public init(at: Int64, source: Source, action: String, summary: String, author: String? = nil) {
        self.at = at
        self.source = source
        self.action = action
        self.summary = summary
        self.author = author
    }
}
