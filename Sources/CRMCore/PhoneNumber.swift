// crm — a terminal-first CRM. Licensed under the MIT License.

/// A phone number as the user wrote it, checked for plausibility, with a digits-only key.
///
/// Numbers are kept as typed ("+49 30 1234567") because people recognise their own format;
/// `digits` is what search and duplicate detection compare.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ text: String, field: String = "phone") throws {
        let trimmed = text.trimmed()
        var body = trimmed.lowercased()
        // Every extension marker has an "x"; most numbers have none, so skip Foundation's search.
        for marker in [" ext. ", " ext ", " x", "ext.", "ext"] where body.contains("x") {
            if let range = body.range(of: marker) {
                body = String(body[..<range.lowerBound])
                break
            }
        }
        let allowed = Self.allowed
        let digitCount = body.filter(\.isNumber).count
        guard body.allSatisfy({ allowed.contains($0) }), (5...17).contains(digitCount),
            !body.dropFirst().contains("+")
        else { throw DomainError.invalidPhone(field: field, value: text) }
        value = trimmed
    }

    static let allowed = Set("0123456789+()-./ ")

    public var description: String { value }

    /// Only the digits, with a leading + kept: "+49301234567".
    public var digits: String {
        (value.hasPrefix("+") ? "+" : "") + value.filter { $0.isASCII && $0.isNumber }
    }
}
