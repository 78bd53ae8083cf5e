// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A filter and sort over one kind's live records, on built-in columns or custom fields
/// (`crm contact list --where "Renewal date<2027-01-01" --sort Region`).
///
/// Each condition and the sort key read one index: a built-in column's own, or
/// `custom_values`' (entity, field_key, value, entity_num) index, so a page costs about the
/// same on a custom field as on `email` (issue 19's bench target).
public struct RecordQuery: Sendable, Equatable {
    /// A comparison of `RecordQuery.Condition`.
    public enum Comparison: String, Sendable, CaseIterable {
        case lessOrEqual = "<="
        case greaterOrEqual = ">="
        case notEqual = "!="
        case equal = "="
        case less = "<"
        case greater = ">"
    }

    /// What is compared: a built-in field (its column) or a custom field (its key, and whether
    /// its values are numbers, which sort by the number index).
    public enum Target: Sendable, Equatable {
        case builtIn(String)
        case custom(String, numeric: Bool)
    }

    /// One `field OP value` condition; the value is text or a number, as the field's column holds.
    public struct Condition: Sendable, Equatable {
        public var target: Target
        public var comparison: Comparison
        public var value: JSONValue

        public init(_ target: Target, _ comparison: Comparison, _ value: JSONValue) {
            self.target = target
            self.comparison = comparison
            self.value = value
        }
    }

    public var conditions: [Condition]
    /// The sort key; nil sorts by record number.
    ///
    /// A custom sort lists only records with a value.
    public var sort: Target?
    public var descending: Bool
    public var limit: Int

    public init(conditions: [Condition] = [], sort: Target? = nil, descending: Bool = false, limit: Int = 50) {
        self.conditions = conditions
        self.sort = sort
        self.descending = descending
        self.limit = limit
    }
}
