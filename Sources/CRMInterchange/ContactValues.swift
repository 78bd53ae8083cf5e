// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// Normalises and checks emails, phone numbers and web domains.
///
/// Emails are compared case-insensitively everywhere (re-import matching, dedupe), so they are
/// stored lower-cased; phones keep the digits and a leading `+` with single spaces, which is what
/// a person types back; domains lose the scheme, `www.` and any path.
public enum ContactValues {
    /// A trimmed, lower-cased email (checked by `EmailAddress`, as the store checks it), or why it is not one.
    public static func email(_ text: String) -> Result<String, ValueError> {
        let trimmed = text.trimmed { $0.isWhitespace || $0 == "<" || $0 == ">" }
        guard let email = try? EmailAddress(trimmed) else {
            return .failure(ValueError("'\(text)' is not an email address (expected name@example.com)"))
        }
        return .success(email.value.lowercased())
    }

    /// A phone number with its spacing tidied (checked by `PhoneNumber`), or why it is not one.
    public static func phone(_ text: String) -> Result<String, ValueError> {
        let tidied: String
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) {
            // Printable ASCII: the only whitespace is the space, and no lookup of Unicode properties.
            tidied = text.split(separator: " ").joined(separator: " ")
        } else {
            tidied = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        guard let phone = try? PhoneNumber(tidied) else {
            return .failure(ValueError("'\(text)' is not a phone number (5 to 17 digits, + ( ) - . / and spaces)"))
        }
        return .success(phone.value)
    }

    /// The digits of a phone number (with the country code when written with `+`), for matching.
    public static func phoneDigits(_ text: String) -> String {
        var digits = text.filter { $0.isASCII && $0.isNumber }
        if digits.hasPrefix("00") { digits.removeFirst(2) }
        return digits
    }

    /// `https://www.Example.com/about` → `example.com`.
    public static func domain(_ text: String) -> String {
        var value = text.trimmed().lowercased()
        for prefix in ["https://", "http://"] where value.hasPrefix(prefix) { value.removeFirst(prefix.count) }
        if value.hasPrefix("www.") { value.removeFirst(4) }
        return String(value.prefix { $0 != "/" && $0 != "?" })
    }
}
