// crm — a terminal-first CRM. Licensed under the MIT License.

/// A value a user typed or imported that the domain refuses, naming the field and the fix.
///
/// Validation happens before anything is written, so a `DomainError` always means nothing
/// changed. The CLI maps every case to exit code 65 (bad data).
public enum DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty(field: String)
    case invalidEmail(field: String, value: String)
    case invalidPhone(field: String, value: String)
    case invalidAmount(field: String, value: String, reason: String)
    case unknownCurrency(field: String, code: String)
    case unknownChoice(field: String, value: String, allowed: [String])
    case invalidDate(field: String, value: String)
    /// A due time in none of the forms `WhenParser` reads.
    case invalidTime(field: String, value: String)
    case outOfRange(field: String, value: String, range: String)
    case tooLong(field: String, limit: Int)
    /// A value larger than one sync push may carry (`FieldSpec.maxValueBytes`).
    case tooLarge(field: String, bytes: Int, limit: Int)
    /// A control character (NUL, ESC, a newline in a one-line field…) in text; `scalar` is its code point.
    case controlCharacter(field: String, scalar: UInt32)

    public var description: String {
        switch self {
        case .empty(let field):
            "\(field) must not be empty"
        case .invalidEmail(let field, let value):
            "\(field) '\(value)' is not an email address (expected name@example.com)"
        case .invalidPhone(let field, let value):
            "\(field) '\(value)' is not a phone number (digits, spaces, + ( ) - . and an optional ext)"
        case .invalidAmount(let field, let value, let reason):
            "\(field) '\(value)' is not a valid amount: \(reason)"
        case .unknownCurrency(let field, let code):
            "\(field) '\(code)' is not an ISO 4217 currency code (e.g. USD, EUR, JPY)"
        case .unknownChoice(let field, let value, let allowed):
            "\(field) '\(value)' is not one of: \(allowed.joined(separator: ", "))"
        case .invalidDate(let field, let value):
            "\(field) '\(value)' is not a date (expected YYYY-MM-DD)"
        case .invalidTime(let field, let value):
            "\(field) '\(value)' is not a time; write one of: \(WhenParser.forms)"
        case .outOfRange(let field, let value, let range):
            "\(field) '\(value)' is out of range (\(range))"
        case .tooLong(let field, let limit):
            "\(field) is longer than \(limit) characters"
        case .tooLarge(let field, let bytes, let limit):
            "\(field) is \(bytes) bytes; a value may have at most \(limit) bytes so that it can sync "
                + "(keep long documents as files and link them)"
        case .controlCharacter(let field, let scalar):
            "\(field) contains the control character \(Self.codePoint(scalar)); remove it "
                + "(text may hold tabs, and line breaks only in \(FieldSpec.multilineFields.joined(separator: ", ")))"
        }
    }

    /// The field at fault.
    public var field: String {
        switch self {
        case .empty(let field), .invalidEmail(let field, _), .invalidPhone(let field, _),
            .invalidAmount(let field, _, _), .unknownCurrency(let field, _), .unknownChoice(let field, _, _),
            .invalidDate(let field, _), .invalidTime(let field, _), .outOfRange(let field, _, _),
            .tooLong(let field, _), .tooLarge(let field, _, _), .controlCharacter(let field, _):
            field
        }
    }

    /// "U+001B", the way people look a code point up.
    static func codePoint(_ scalar: UInt32) -> String {
        let text = String(scalar, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}
