// crm — a terminal-first CRM. Licensed under the MIT License.

/// A mailbox from an address header: `Display Name <local@domain>` (RFC 5322 section 3.4).
public struct MailAddress: Sendable, Hashable {
    /// The display name, encoded words decoded; nil when there is none.
    public let name: String?
    /// The address as written between the angle brackets (or alone).
    public let address: String

    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }

    /// The mailboxes of an address-list header.
    ///
    /// Groups (`team: a@x, b@y;`) give their members;
    /// entries without an `@` are skipped.
    public static func list(_ text: String) -> [MailAddress] {
        split(text).compactMap(parse)
    }

    /// One mailbox: `Name <addr>`, `"Quoted, Name" <addr>`, `addr (Comment Name)` or `addr`.
    static func parse(_ raw: Substring) -> MailAddress? {
        var text = raw.trimmingMailSpace()
        if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("<"), !text[..<colon].contains("\"") {
            text = String(text[text.index(after: colon)...]).trimmingMailSpace()
        }
        if text.hasSuffix(";") { text.removeLast() }
        if let open = text.lastIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
            let address = text[text.index(after: open)..<close].trimmingMailSpace()
            var name = text[..<open].trimmingMailSpace()
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            guard address.contains("@") else { return nil }
            let decoded = EncodedWords.decode(name).trimmingMailSpace()
            return MailAddress(name: decoded.isEmpty ? nil : decoded, address: address)
        }
        var comment: String?
        if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
            comment = EncodedWords.decode(String(text[text.index(after: open)..<close])).trimmingMailSpace()
            text = String(text[..<open]).trimmingMailSpace()
        }
        guard text.contains("@"), !text.contains(" ") else { return nil }
        return MailAddress(name: comment.flatMap { $0.isEmpty ? nil : $0 }, address: text)
    }

    /// Splits at commas outside quotes, angle brackets and comments.
    private static func split(_ text: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var quoted = false
        var angle = 0
        var comment = 0
        var index = text.startIndex
        while index < text.endIndex {
            switch text[index] {
            case "\"": quoted.toggle()
            case "<" where !quoted: angle += 1
            case ">" where !quoted: angle = max(0, angle - 1)
            case "(" where !quoted: comment += 1
            case ")" where !quoted: comment = max(0, comment - 1)
            case "," where !quoted && angle == 0 && comment == 0:
                pieces.append(text[start..<index])
                start = text.index(after: index)
            default: break
            }
            index = text.index(after: index)
        }
        pieces.append(text[start...])
        return pieces
    }
}
