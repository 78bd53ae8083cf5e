// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// The fields of the create and edit forms per kind, and how each is checked.
///
/// Field names match the `crm` command-line options (`--name`, `--amount`, `--close-date` as
/// `close_date`), so a data source adapter maps a form exactly like the CLI maps its flags.
public enum FormSchema {
    /// How a field's text is checked before it is sent.
    public enum Rule: Sendable, Equatable {
        case text
        case email
        case phone
        case money
        case currency
        case date
        case oneOf([String])
        /// A teammate, by name, email or `me`: completed from the team directory as you type.
        case person
        /// A record of a kind, by name: completed from the store's search as you type.
        case link(EntityKind)
        /// A due time as people type it ("tomorrow 15:00", "friday", "in 3 days"; `WhenParser`).
        case when
    }

    /// One field of a form.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var label: String
        public var rule: Rule
        public var required: Bool
        public var defaultValue: String

        public init(
            _ name: String, _ label: String, _ rule: Rule = .text, required: Bool = false, default value: String = ""
        ) {
            self.name = name
            self.label = label
            self.rule = rule
            self.required = required
            defaultValue = value
        }
    }

    /// The form fields of a kind; `stages` supplies the stage names for deal forms.
    public static func fields(of kind: EntityKind, stages: [String] = []) -> [Field] {
        switch kind {
        case .contact:
            [
                Field("name", "Name", required: true), Field("email", "Email", .email), Field("phone", "Phone", .phone),
                Field("title", "Title"), Field("company", "Company"), Field("owner", "Owner", .person),
            ]
        case .company:
            [
                Field("name", "Name", required: true), Field("domain", "Domain"), Field("industry", "Industry"),
                Field("phone", "Phone", .phone), Field("owner", "Owner", .person),
            ]
        case .deal:
            [
                Field("title", "Title", required: true), Field("amount", "Amount", .money, required: true),
                Field("currency", "Currency", .currency, default: "USD"),
                Field("stage", "Stage", stages.isEmpty ? .text : .oneOf(stages), default: stages.first ?? ""),
                Field("company", "Company", .link(.company)), Field("contact", "Contact", .link(.contact)),
                Field("close_date", "Close date", .date),
                Field("owner", "Owner", .person),
            ]
        case .supportCase:
            [
                Field("subject", "Subject", required: true),
                Field("priority", "Priority", .oneOf(EntitySchema.priorities), required: true, default: "normal"),
                Field("queue", "Queue"), Field("contact", "Contact", .link(.contact)),
                Field("assignee", "Assignee", .person), Field("description", "Description"),
            ]
        case .activity:
            [
                Field("kind", "Kind", .oneOf(Activity.Kind.allCases.map(\.rawValue)), required: true, default: "task"),
                Field("subject", "Subject", required: true), Field("due", "Due", .when),
                Field("contact", "Contact", .link(.contact)), Field("company", "Company", .link(.company)),
                Field("deal", "Deal", .link(.deal)), Field("body", "Notes"),
            ]
        case .user:
            // The first run's "who are you" form (`crm init --user NAME --email EMAIL`).
            [Field("name", "Your name", required: true), Field("email", "Your email", .email)]
        default:
            []
        }
    }

    /// Why `value` is not acceptable for `field`, or nil when it is.
    public static func problem(with value: String, for field: Field) -> String? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return field.required ? "\(field.label) is required" : nil }
        switch field.rule {
        case .text, .person, .link: return nil
        case .email: return isEmail(text) ? nil : "not an email address; use the form name@example.com"
        case .phone: return isPhone(text) ? nil : "not a phone number; use digits, spaces and + - ( ) only"
        case .money: return isMoney(text) ? nil : "not an amount; write it like 12000.50 (no currency, no commas)"
        case .currency:
            return isCurrency(text.uppercased()) ? nil : "not a currency code; use three letters such as USD or EUR"
        case .date: return isDate(text) ? nil : "not a date; use YYYY-MM-DD, e.g. 2026-12-31"
        case .oneOf(let options):
            return canonical(text, for: field) != nil ? nil : "must be one of: \(options.joined(separator: ", "))"
        case .when:
            return WhenParser.parse(text, nowMillis: 0, timeZoneOffsetSeconds: 0) != nil
                ? nil : "not a time; use one of: \(WhenParser.forms)"
        }
    }

    /// The value as the data source wants it: a choice in its listed spelling ("proposal" or
    /// "propo" → "Proposal", when only one option starts so), a currency in capitals; nil for a
    /// choice that is not listed.
    public static func canonical(_ value: String, for field: Field) -> String? {
        let text = value.trimmingCharacters(in: .whitespaces)
        switch field.rule {
        case .oneOf(let options):
            let lower = text.lowercased()
            if let exact = options.first(where: { $0.lowercased() == lower }) { return exact }
            let starts = options.filter { $0.lowercased().hasPrefix(lower) }
            return !lower.isEmpty && starts.count == 1 ? starts[0] : nil
        case .currency: return text.uppercased()
        default: return text
        }
    }

    /// The list a choice field picks from (its options, or the common currencies), else nil.
    public static func choices(for field: Field) -> [String]? {
        switch field.rule {
        case .oneOf(let options): options
        case .currency: ["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "INR", "BRL", "SEK", "NOK", "DKK"]
        default: nil
        }
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(" ") else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".")
    }

    static func isPhone(_ text: String) -> Bool {
        let allowed = Set("0123456789 +-().")
        return text.allSatisfy { allowed.contains($0) } && text.filter(\.isNumber).count >= 5
    }

    static func isMoney(_ text: String) -> Bool {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else {
            return false
        }
        guard parts.count == 2 else { return true }
        return (1...2).contains(parts[1].count) && parts[1].allSatisfy(\.isASCIIDigit)
    }

    static func isCurrency(_ text: String) -> Bool {
        text.count == 3 && text.allSatisfy { $0.isASCII && $0.isUppercase }
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-").map { Int($0) }
        guard parts.count == 3, text.count == 10, let year = parts[0], let month = parts[1], let day = parts[2] else {
            return false
        }
        return CivilTime(year: year, month: month, day: day).isValidDate
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
