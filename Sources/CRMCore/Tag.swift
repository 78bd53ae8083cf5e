// crm — a terminal-first CRM. Licensed under the MIT License.

/// A label on a contact, company or deal ("vip", "churn-risk").
///
/// Tags are normalised to lower case without surrounding spaces, so "VIP " and "vip" are one
/// tag; a record's tags are a sorted set stored as one field, which merges as a unit on sync.
public struct Tag: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ text: String, field: String = "tag") throws {
        let name = text.trimmed().lowercased()
        guard !name.isEmpty else { throw DomainError.empty(field: field) }
        guard name.count <= 64 else { throw DomainError.tooLong(field: field, limit: 64) }
        guard !name.contains(",") else {
            throw DomainError.outOfRange(field: field, value: text, range: "no commas in a tag")
        }
        self.name = name
    }

    public var description: String { name }

    public static func < (lhs: Tag, rhs: Tag) -> Bool { lhs.name < rhs.name }

    /// Normalises, de-duplicates and sorts a list of tag names.
    public static func normalize(_ names: [String], field: String = "tag") throws -> [String] {
        Array(Set(try names.map { try Tag($0, field: field).name })).sorted()
    }
}
