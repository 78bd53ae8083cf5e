// crm — a terminal-first CRM. Licensed under the MIT License.

/// The kinds of value a custom field holds (issue 19).
///
/// The raw value is the word people type (`crm field add deal "Renewal date" --type date`) and
/// the `type` a field definition carries on the wire, so every device reads a definition alike.
public enum CustomFieldType: String, CaseIterable, Codable, Sendable, Hashable {
    case text
    /// A decimal number; on the wire a JSON number.
    case number
    /// `{"amount":"12.50","currency":"EUR"}`, as built-in money.
    case money
    /// `YYYY-MM-DD`.
    case date
    /// Milliseconds since 1970 UTC.
    case datetime
    case bool
    /// One of the definition's choices.
    case oneOf = "one-of"
    /// Any of the definition's choices, as an array.
    case manyOf = "many-of"
    /// The id of a record of the definition's `target` kind.
    case link
    /// The id of a teammate (a user record).
    case person

    /// Reads the word a person typed: `one-of`, `oneof`, `one_of`, `choice` all mean `.oneOf`.
    public init?(typed text: String) {
        let word = text.lowercased().replacingOccurrences(of: "_", with: "-")
        switch word {
        case "oneof", "choice", "select": self = .oneOf
        case "manyof", "choices", "multi", "multiselect": self = .manyOf
        case "integer", "decimal": self = .number
        case "boolean", "checkbox": self = .bool
        case "timestamp": self = .datetime
        case "user": self = .person
        default:
            guard let type = CustomFieldType(rawValue: word) else { return nil }
            self = type
        }
    }

    /// Whether a value of this type is kept as a number for filters and sorting.
    public var isNumeric: Bool { [.number, .money, .datetime, .bool].contains(self) }
}
