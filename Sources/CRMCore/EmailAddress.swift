// crm — a terminal-first CRM. Licensed under the MIT License.

/// A validated, normalised email address.
///
/// The check is deliberately practical (local@domain.tld, no spaces, one @): a CRM must accept
/// every address people really use while catching typos such as a missing @ or domain.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ text: String, field: String = "email") throws {
        let trimmed = text.trimmed()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
            !trimmed.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" })
        else { throw DomainError.invalidEmail(field: field, value: text) }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
            let tld = labels.last, tld.count >= 2
        else { throw DomainError.invalidEmail(field: field, value: text) }
        value = String(parts[0]) + "@" + domain.lowercased()
    }

    public var description: String { value }

    /// The lower-cased form used to match duplicates and handles.
    public var normalized: String { value.lowercased() }
}
