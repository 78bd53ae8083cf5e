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
    }

    public let name: String
    public let type: ValueType
    public let required: Bool

    public init(_ name: String, _ type: ValueType, required: Bool = false) {
        self.name = name
        self.type = type
        self.required = required
    }
}
