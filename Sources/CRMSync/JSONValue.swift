// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Any JSON value, as carried in a change's `value`.
///
/// Field values are typed by `EntitySchema`, but the wire must carry all of them (text, numbers,
/// booleans, tag arrays, money objects) in one slot, and the server stores them without knowing
/// the client's Swift types. Integers and doubles stay apart so that `12` never turns into `12.0`.
///
/// ```swift
/// let money: JSONValue = .object(["amount": .string("123.45"), "currency": .string("EUR")])
/// ```
public enum JSONValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let int = try? container.decode(Int64.self) {
            self = .int(int)
        } else if let double = try? container.decode(Double.self) {
            self = .double(double)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool { self == .null }

    /// The string payload, or nil for other cases.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The canonical JSON text, used to store and compare values.
    ///
    /// Exactly what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` makes of the value
    /// (keys sorted by their UTF-8 bytes, strings escaped as `appendQuoted` does), written without
    /// the encoder, which cost a push a few microseconds per value. A value holding a double still
    /// goes through the encoder, whose number formatting (`1e+20`, `100` for `100.0`) this does not copy.
    public var jsonText: String {
        var text = ""
        if Self.append(self, to: &text) { return text }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Appends the canonical text of `value`; false, with `text` half written, when it holds a double.
    static func append(_ value: JSONValue, to text: inout String) -> Bool {
        switch value {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .int(let number): text += String(number)
        case .double: return false
        case .string(let string): appendQuoted(string, to: &text)
        case .array(let items):
            text += "["
            for (index, item) in items.enumerated() {
                if index > 0 { text += "," }
                guard append(item, to: &text) else { return false }
            }
            text += "]"
        case .object(let fields):
            text += "{"
            let keys = fields.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { text += "," }
                appendQuoted(key, to: &text)
                text += ":"
                guard let item = fields[key], append(item, to: &text) else { return false }
            }
            text += "}"
        }
        return true
    }

    /// Appends `string` as a JSON string literal escaped as `JSONEncoder` escapes it: `"` and `\\`,
    /// `\b \t \n \f \r`, other controls below U+0020 as `\u00xx`; slashes and everything else as is.
    public static func appendQuoted(_ string: String, to text: inout String) {
        text += "\""
        guard string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            text += string
            text += "\""
            return
        }
        let hex = Array("0123456789abcdef".unicodeScalars)
        for scalar in string.unicodeScalars {
            switch scalar.value {
            case 0x22: text += "\\\""
            case 0x5C: text += "\\\\"
            case 0x08: text += "\\b"
            case 0x09: text += "\\t"
            case 0x0A: text += "\\n"
            case 0x0C: text += "\\f"
            case 0x0D: text += "\\r"
            case 0..<0x20:
                text += "\\u00"
                text.unicodeScalars.append(hex[Int(scalar.value >> 4)])
                text.unicodeScalars.append(hex[Int(scalar.value & 0x0F)])
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    /// Parses canonical JSON text back; nil if it is not JSON.
    public init?(jsonText: String) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(jsonText.utf8)) else { return nil }
        self = value
    }

    public var description: String { jsonText }
}
