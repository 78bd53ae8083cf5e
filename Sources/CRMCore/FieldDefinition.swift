// crm — a terminal-first CRM. Licensed under the MIT License.

/// A custom field of one kind of record: a synced record of kind `field` (issue 19).
///
/// Definitions travel like any record, so every device of a tenant and the server know the same
/// fields and check values by the same rules (`CustomValueRules`). Values travel as `set`s of
/// the field `custom.<key>` on the record they belong to: the prefix cannot collide with a
/// built-in name, and a device that does not know a key keeps its values (`UnknownField`).
public struct FieldDefinition: Hashable, Sendable {
    /// The wire prefix of custom-field values: `custom.renewal_date`.
    public static let prefix = "custom."
    /// The kinds of record that may have custom fields.
    public static let customizable: [EntityKind] = [.contact, .company, .deal, .supportCase]

    public var id: RecordID
    public var entity: EntityKind
    /// The display name, such as "Renewal date"; may be renamed.
    public var name: String
    /// The stable wire key, derived from the first name and never changed (`renewal_date`).
    public var key: String
    public var type: CustomFieldType
    /// The record kind of a `link` field.
    public var target: EntityKind?
    /// The choices of a `one-of` or `many-of` field, in the order they were given.
    public var choices: [String]
    public var required: Bool
    /// The text a new record's value is parsed from when none is given.
    public var defaultText: String?
    public var help: String?
    /// A retired field is hidden and takes no new values; its values are kept.
    public var retired: Bool

    public init(
        id: RecordID, entity: EntityKind, name: String, key: String? = nil, type: CustomFieldType,
        target: EntityKind? = nil, choices: [String] = [], required: Bool = false, defaultText: String? = nil,
        help: String? = nil, retired: Bool = false
    ) {
        self.id = id
        self.entity = entity
        self.name = name
        self.key = key ?? Self.key(for: name)
        self.type = type
        self.target = target
        self.choices = choices
        self.required = required
        self.defaultText = defaultText
        self.help = help
        self.retired = retired
    }

    /// The wire field of this definition's values.
    public var wireField: String { Self.prefix + key }

    /// The key a display name gives: lower case letters and digits, other runs as one `_`.
    ///
    /// "Renewal date" → `renewal_date`, "Region__c" → `region_c`.
    public static func key(for name: String) -> String {
        var key = ""
        var pendingUnderscore = false
        for character in name.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingUnderscore && !key.isEmpty { key += "_" }
                pendingUnderscore = false
                key.append(character)
            } else {
                pendingUnderscore = true
            }
        }
        return key
    }

    /// The key of a wire field that names a custom value, or nil for a built-in field.
    public static func key(ofWireField field: String) -> String? {
        guard field.hasPrefix(prefix), field.count > prefix.count else { return nil }
        return String(field.dropFirst(prefix.count))
    }

    /// The definition a record of kind `field` holds, from its fields as JSON (the server's
    /// `field_state` registers, or a device's row); nil while a required member is missing.
    public init?(id: RecordID, values: [String: JSONValue]) {
        guard let entityName = values["entity"]?.stringValue, let entity = EntityKind(rawValue: entityName),
            let name = values["name"]?.stringValue, let key = values["field_key"]?.stringValue,
            let typeName = values["type"]?.stringValue, let type = CustomFieldType(rawValue: typeName)
        else { return nil }
        var choices: [String] = []
        if case .array(let items)? = values["choices"] { choices = items.compactMap(\.stringValue) }
        self.init(
            id: id, entity: entity, name: name, key: key, type: type,
            target: values["target"]?.stringValue.flatMap(EntityKind.init(rawValue:)), choices: choices,
            required: values["required"] == .bool(true), defaultText: values["default_value"]?.stringValue,
            help: values["help"]?.stringValue, retired: values["retired"] == .bool(true))
    }

    /// The record's fields, as the write path stores and the wire carries them.
    public var fieldValues: [String: FieldValue] {
        [
            "entity": .text(entity.rawValue), "name": .text(name), "field_key": .text(key),
            "type": .text(type.rawValue), "target": target.map { .text($0.rawValue) } ?? .null,
            "choices": .tags(choices), "required": .bool(required),
            "default_value": defaultText.map(FieldValue.text) ?? .null,
            "help": help.map(FieldValue.text) ?? .null, "retired": .bool(retired),
        ]
    }
}
