// crm — a terminal-first CRM. Licensed under the MIT License.

/// A Swift value with one JSON form, so output is built as `JSONValue` without `Any`.
///
/// ```swift
/// let object: JSONValue = ["name": contact.name.jsonValue, "email": contact.email.jsonValue]
/// ```
///
/// An optional is its wrapped value or `null`; an array, a `[String: …]` dictionary and a
/// `RecordID` (its raw text) are what they look like. `FieldValue` has its own `jsonValue`.
public protocol JSONValueConvertible {
    /// The value as JSON.
    var jsonValue: JSONValue { get }
}

extension JSONValue: JSONValueConvertible {
    public var jsonValue: JSONValue { self }
}

extension FieldValue: JSONValueConvertible {}

extension String: JSONValueConvertible {
    public var jsonValue: JSONValue { .string(self) }
}

extension Substring: JSONValueConvertible {
    public var jsonValue: JSONValue { .string(String(self)) }
}

extension Bool: JSONValueConvertible {
    public var jsonValue: JSONValue { .bool(self) }
}

extension Int: JSONValueConvertible {
    public var jsonValue: JSONValue { .int(Int64(self)) }
}

extension Int64: JSONValueConvertible {
    public var jsonValue: JSONValue { .int(self) }
}

extension Double: JSONValueConvertible {
    public var jsonValue: JSONValue { .double(self) }
}

extension RecordID: JSONValueConvertible {
    public var jsonValue: JSONValue { .string(rawValue) }
}

extension Optional: JSONValueConvertible where Wrapped: JSONValueConvertible {
    public var jsonValue: JSONValue { map(\.jsonValue) ?? .null }
}

extension Array: JSONValueConvertible where Element: JSONValueConvertible {
    public var jsonValue: JSONValue { .array(map(\.jsonValue)) }
}

extension Dictionary: JSONValueConvertible where Key == String, Value: JSONValueConvertible {
    public var jsonValue: JSONValue { .object(mapValues(\.jsonValue)) }
}
