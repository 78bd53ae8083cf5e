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
        // The commonest shapes first (field values are mostly strings, then integers), since each
        // miss is a thrown error. The cases cannot overlap (the decoder does not turn 1 into
        // true), except that an integral number is an integer before it is a double, as before.
        if container.decodeNil() {
            self = .null
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let int = try? container.decode(Int64.self) {
            self = .int(int)
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let object = try? container.decode([String: JSONValue].self) {
            self = .object(object)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .double(try container.decode(Double.self))
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
        case .string(let string): JSONText.appendQuoted(string, to: &text)
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
                JSONText.appendQuoted(key, to: &text)
                text += ":"
                guard let item = fields[key], append(item, to: &text) else { return false }
            }
            text += "}"
        }
        return true
    }

    /// Parses JSON text; nil if it is not JSON.
    ///
    /// Through `JSONDecoder`, not `JSONSerialization`: on Linux the latter drops a U+FEFF inside a
    /// string and reads -9223372036854775808 as a double (`JSONValueTextTests` found both).
    public init?(jsonText: String) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(jsonText.utf8)) else { return nil }
        self = value
    }

    /// The members of a JSON object's text, each as its own canonical JSON text.
    ///
    /// Nil when the text is not an object. What the change log's create entries and timelines read.
    public static func members(ofObject text: String) -> [String: String]? {
        guard case .object(let fields)? = JSONValue(jsonText: text) else { return nil }
        return fields.mapValues(\.jsonText)
    }

    public var description: String { jsonText }
}
