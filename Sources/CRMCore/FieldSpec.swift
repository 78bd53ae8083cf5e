// crm — a terminal-first CRM. Licensed under the MIT License.

/// One syncable field of an entity: its wire name and the type its values must have.
///
/// The same table drives the local store's columns, validation of pushed changes on the server
/// (an unknown field is a 422), and import mappings, so the three can never disagree.
public struct FieldSpec: Hashable, Sendable {
    /// The kinds of values a field holds.
    public enum ValueType: Hashable, Sendable {
        case text
        case email
        case phone
        case integer
        case bool
        case money
        /// Milliseconds since 1970 UTC.
        case timestamp
        /// A calendar date, `YYYY-MM-DD`.
        case date
        case reference(EntityKind)
        /// A JSON array of tag names.
        case tags
        case choice([String])
        /// A JSON array of strings kept as given (a custom field's choices), unlike `tags`.
        case list
    }

    /// The most bytes (UTF-8) one text value may have: every change must fit in one sync push
    /// (1 MiB, SYNC.md 3.5) with room for its envelope, so a value that could never be pushed
    /// is refused when it is written, not when the queue meets it.
    public static let maxValueBytes = 1024 * 1024 - 4096

    public let name: String
    public let type: ValueType
    public let required: Bool

    public init(_ name: String, _ type: ValueType, required: Bool = false) {
        self.name = name
        self.type = type
        self.required = required
    }
}
