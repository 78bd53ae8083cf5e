// crm — a terminal-first CRM. Licensed under the MIT License.

/// A validated, normalised email address.
///
/// The check is deliberately practical (local@domain.tld, no spaces, one @): a CRM must accept
/// every address people really use while catching typos such as a missing @ or domain.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ text: String, field: String = "email") throws {
        guard let normalised = Self.checkedPlain(text) ?? Self.checked(text) else {
            throw DomainError.invalidEmail(field: field, value: text)
        }
        value = normalised
    }

    /// The normalised address (domain lower-cased), or nil when `text` is not one.
    static func checked(_ text: String) -> String? {
        let trimmed = text.trimmed()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, Self.dotsFit(parts[0].utf8),
            !trimmed.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" })
        else { return nil }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
            let tld = labels.last, tld.count >= 2
        else { return nil }
        return String(parts[0]) + "@" + domain.lowercased()
    }

    /// The same check on bytes, for the addresses imports are full of.
    ///
    /// That is printable ASCII without spaces, where a byte is a character and nothing needs
    /// trimming, plus accented Latin letters (U+00C0–U+024F but × and ÷) in the local part, each
    /// of which is a character of its own and none a space: `chloé.garcía@example.com`. Imports
    /// validate every address, and the character-level path costs microseconds each. Nil when
    /// the text is not such a string; `.some(nil)` when it is and the address is invalid.
    static func checkedPlain(_ text: String) -> String?? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 > 0x20 && $0 != 0x7f }) else { return nil }
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return .some(nil) }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard !domain.contains(where: { $0 >= 0x80 }) else { return nil }
        var length = local.count
        if local.contains(where: { $0 >= 0x80 }) {
            let scalars = String(decoding: local, as: UTF8.self).unicodeScalars
            guard scalars.allSatisfy(Self.isPlain) else { return nil }
            length = scalars.count
        }
        let forbidden: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">")]
        guard at > 0, length <= 64, Self.dotsFit(local), !domain.contains(UInt8(ascii: "@")),
            !bytes.contains(where: forbidden.contains)
        else { return .some(nil) }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let hyphen = UInt8(ascii: "-")
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.first != hyphen && $0.last != hyphen }),
            let tld = labels.last, tld.count >= 2
        else { return .some(nil) }
        let lowered = domain.map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 0x20 : $0 }
        return .some(String(decoding: local, as: UTF8.self) + "@" + String(decoding: lowered, as: UTF8.self))
    }

    /// A local part neither starts nor ends with a dot, nor holds two in a row (RFC 5321's
    /// dot-atom): ".martin@example.com" is a typo, not an address.
    static func dotsFit<Bytes: BidirectionalCollection<UInt8>>(_ local: Bytes) -> Bool {
        let dot = UInt8(ascii: ".")
        guard local.first != dot, local.last != dot else { return false }
        var previous: UInt8 = 0
        for byte in local {
            if byte == dot && previous == dot { return false }
            previous = byte
        }
        return true
    }

    /// ASCII past the space, or a precomposed Latin letter: never joined to a neighbour into one
    /// character, never whitespace.
    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 || ((0xC0...0x24F).contains(scalar.value) && scalar.value != 0xD7 && scalar.value != 0xF7)
    }

    public var description: String { value }

    /// The lower-cased form used to match duplicates and handles.
    public var normalized: String { value.lowercased() }
}
