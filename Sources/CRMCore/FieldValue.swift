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
        let data = Data(text.utf8)
        let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        try self.init(jsonObject: object, type: type, field: field)
    }

    /// Converts a decoded JSON object (from JSONSerialization) into a typed value.
    public init(jsonObject object: Any, type: FieldSpec.ValueType, field: String) throws {
        if object is NSNull {
            self = .null
            return
        }
        switch type {
        case .money:
            guard let dict = object as? [String: Any], let amount = dict["amount"] as? String,
                let currency = dict["currency"] as? String
            else {
                throw DomainError.invalidAmount(field: field, value: "\(object)", reason: "expected {amount, currency}")
            }
            self = .money(try Money(parsing: amount, currency: currency, field: field))
        case .tags:
            guard let list = object as? [Any] else {
                throw DomainError.outOfRange(field: field, value: "\(object)", range: "a list of tags")
            }
            self = .tags(list.compactMap { $0 as? String })
        case .bool:
            if let value = object as? Bool {
                self = .bool(value)
            } else if let number = object as? NSNumber {
                self = .bool(number.intValue != 0)
            } else {
                throw DomainError.outOfRange(field: field, value: "\(object)", range: "true or false")
            }
        case .integer, .timestamp:
            // On Linux a JSON 0 or 1 is an NSNumber that also casts to Bool; JSON true/false is the
            // boolean kind of NSNumber (objCType "c"), and a fraction has objCType "d".
            guard let number = object as? NSNumber, !Self.isBoolean(number), !Self.isFraction(number) else {
                throw DomainError.outOfRange(field: field, value: "\(object)", range: "an integer")
            }
            self = .integer(number.int64Value)
        case .text, .email, .phone, .date, .reference, .choice:
            guard let text = object as? String else {
                throw DomainError.outOfRange(field: field, value: "\(object)", range: "a string")
            }
            self = .text(text)
        }
    }

    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c" && Swift.type(of: number) != NSNumber.self
    }

    static func isFraction(_ number: NSNumber) -> Bool {
        let code = String(cString: number.objCType)
        return (code == "d" || code == "f") && number.doubleValue != Double(number.int64Value)
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

    /// Appends `text` quoted and escaped per RFC 8259 to `out`.
    public static func appendQuoted(_ text: String, to out: inout String) {
        // Most values need no escaping at all: one scan of the bytes, then plain appends.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += "\""
            out += text
            out += "\""
            return
        }
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
