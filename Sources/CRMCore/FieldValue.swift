// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// The value of one field as it is written to the store and recorded in the change log.
///
/// One small closed set of shapes keeps the write path, the change log and the sync wire in
/// agreement: a field is text, an integer, a boolean, money, a tag list, or cleared (`null`).
public enum FieldValue: Hashable, Sendable {
    case null
    case text(String)
    case integer(Int64)
    case bool(Bool)
    case money(Money)
    case tags([String])

    /// The value as compact JSON, the form stored in the change log's `value` column.
    public var jsonText: String {
        var text = ""
        appendJSON(to: &text)
        return text
    }

    /// Appends `jsonText` to `out` without building it apart first (a create's log object is
    /// written field after field into one string).
    public func appendJSON(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .text(let text): JSONText.appendQuoted(text, to: &out)
        case .integer(let value): out += String(value)
        case .bool(let value): out += value ? "true" : "false"
        case .money(let money):
            out += "{\"amount\":\""
            out += money.decimalString
            out += "\",\"currency\":\""
            out += money.currency.code
            out += "\"}"
        case .tags(let tags):
            out += "["
            for (index, tag) in tags.enumerated() {
                if index > 0 { out += "," }
                JSONText.appendQuoted(tag, to: &out)
            }
            out += "]"
        }
    }

    /// Reads the JSON form back, typed by the field it belongs to.
    public init(json text: String, type: FieldSpec.ValueType, field: String) throws {
        guard let value = JSONValue(jsonText: text) else {
            throw DomainError.outOfRange(field: field, value: text, range: "a JSON value")
        }
        try self.init(json: value, type: type, field: field)
    }

    /// Converts a JSON value (from the change log or the wire) into a typed value.
    public init(json value: JSONValue, type: FieldSpec.ValueType, field: String) throws {
        switch (type, value) {
        case (_, .null): self = .null
        case (.money, .object(let object)):
            guard case .string(let amount)? = object["amount"], case .string(let currency)? = object["currency"] else {
                throw DomainError.invalidAmount(
                    field: field, value: value.jsonText, reason: "expected {amount, currency}")
            }
            self = .money(try Money(parsing: amount, currency: currency, field: field))
        case (.money, _):
            throw DomainError.invalidAmount(field: field, value: value.jsonText, reason: "expected {amount, currency}")
        case (.tags, .array(let items)), (.list, .array(let items)): self = .tags(items.compactMap(\.stringValue))
        case (.tags, _), (.list, _):
            throw DomainError.outOfRange(field: field, value: value.jsonText, range: "a list of tags")
        case (.bool, .bool(let flag)): self = .bool(flag)
        case (.bool, .int(let number)): self = .bool(number != 0)
        case (.bool, _): throw DomainError.outOfRange(field: field, value: value.jsonText, range: "true or false")
        case (.integer, .int(let number)), (.timestamp, .int(let number)): self = .integer(number)
        case (.integer, _), (.timestamp, _):
            throw DomainError.outOfRange(field: field, value: value.jsonText, range: "an integer")
        case (.text, .string(let text)), (.email, .string(let text)), (.phone, .string(let text)),
            (.date, .string(let text)), (.reference, .string(let text)), (.choice, .string(let text)):
            self = .text(text)
        case (.text, _), (.email, _), (.phone, _), (.date, _), (.reference, _), (.choice, _):
            throw DomainError.outOfRange(field: field, value: value.jsonText, range: "a string")
        }
    }

    /// The value as JSON, the form the change log stores and the wire carries.
    public var jsonValue: JSONValue {
        switch self {
        case .null: .null
        case .text(let text): .string(text)
        case .integer(let number): .int(number)
        case .bool(let flag): .bool(flag)
        case .money(let money):
            .object(["amount": .string(money.decimalString), "currency": .string(money.currency.code)])
        case .tags(let tags): .array(tags.map(JSONValue.string))
        }
    }

    /// The text, if this is a text value.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The integer, if this is an integer value.
    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}

/// JSON string quoting without Foundation's encoder, for the change log's hot path.
public enum JSONText {
    /// Quotes and escapes a string per RFC 8259.
    public static func quote(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &out)
        return out
    }

    /// Appends `text` as a JSON string literal to `out`, escaped exactly as `JSONEncoder` escapes
    /// it: `"` and `\\`, `\b \t \n \f \r`, other controls below U+0020 as `\u00xx`; slashes
    /// and everything else as is.
    ///
    /// The one escaper of the change log, the wire (`JSONValue.jsonText`) and the server's pull
    /// writer, so a value has one canonical text everywhere.
    public static func appendQuoted(_ text: String, to out: inout String) {
        // Most values need no escaping at all: one scan of the bytes, then plain appends.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            out += "\""
            out += text
            out += "\""
            return
        }
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case 0..<0x20:
                out += "\\u00"
                out.unicodeScalars.append(hexDigits[Int(scalar.value >> 4)])
                out.unicodeScalars.append(hexDigits[Int(scalar.value & 0x0F)])
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)
}
