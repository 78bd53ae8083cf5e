// crm — a terminal-first CRM. Licensed under the MIT License.

/// A phone number as the user wrote it, checked for plausibility, with a digits-only key.
///
/// Numbers are kept as typed ("+49 30 1234567") because people recognise their own format;
/// `digits` is what search and duplicate detection compare.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ text: String, field: String = "phone") throws {
        guard let checked = Self.checkedPlain(text) ?? Self.checked(text) else {
            throw DomainError.invalidPhone(field: field, value: text)
        }
        value = checked
    }

    /// The number as kept (trimmed), or nil when `text` is not a plausible phone number.
    static func checked(_ text: String) -> String? {
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
        else { return nil }
        return trimmed
    }

    static let allowed = Set("0123456789+()-./ ")
    static let extensionMarkers = [" ext. ", " ext ", " x", "ext.", "ext"].map { Array($0.utf8) }

    /// The same check on bytes, for printable ASCII.
    ///
    /// Nearly every number an import meets is such text, and the character-level check costs
    /// microseconds per number in Unicode property lookups.
    /// Nil when `text` is not printable ASCII; `.some(nil)` when it is and not a number.
    static func checkedPlain(_ text: String) -> String?? {
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else { return nil }
        let space = UInt8(ascii: " ")
        guard let first = bytes.firstIndex(where: { $0 != space }), let last = bytes.lastIndex(where: { $0 != space })
        else { return .some(nil) }
        let trimmed = bytes[first...last]
        var body = trimmed.map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 0x20 : $0 }
        if body.contains(UInt8(ascii: "x")) {
            for marker in extensionMarkers {
                if let start = Self.firstIndex(of: marker, in: body) {
                    body.removeSubrange(start...)
                    break
                }
            }
        }
        let digits = body.lazy.filter { $0 >= 0x30 && $0 <= 0x39 }.count
        guard body.allSatisfy(Self.isAllowed), (5...17).contains(digits), !body.dropFirst().contains(UInt8(ascii: "+"))
        else { return .some(nil) }
        return .some(String(decoding: trimmed, as: UTF8.self))
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || "+()-./ ".utf8.contains(byte)
    }

    private static func firstIndex(of marker: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= marker.count else { return nil }
        return (0...(bytes.count - marker.count)).first { start in
            marker.indices.allSatisfy { bytes[start + $0] == marker[$0] }
        }
    }

    public var description: String { value }

    /// Only the digits, with a leading + kept: "+49301234567".
    public var digits: String {
        (value.hasPrefix("+") ? "+" : "") + value.filter { $0.isASCII && $0.isNumber }
    }
}
