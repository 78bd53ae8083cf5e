// crm — a terminal-first CRM. Licensed under the MIT License.

/// Writes vCard 4.0 (RFC 6350): CRLF line ends, lines folded at 75 octets without splitting a
/// UTF-8 character, text values escaped.
public enum VCardWriter {
    /// The text of one card.
    public static func write(_ card: VCard) -> String {
        var lines = ["BEGIN:VCARD", "VERSION:4.0"]
        if let uid = card.uid { lines.append("UID:\(uid)") }
        lines.append("FN:\(escape(card.displayName ?? ""))")
        if !card.nameParts.isEmpty { lines.append("N:" + card.nameParts.map(escape).joined(separator: ";")) }
        if !card.organization.isEmpty { lines.append("ORG:" + card.organization.map(escape).joined(separator: ";")) }
        if let title = card.title { lines.append("TITLE:\(escape(title))") }
        for email in card.emails { lines.append("EMAIL\(parameters(email)):\(escape(email.value))") }
        for phone in card.phones { lines.append("TEL;VALUE=text\(parameters(phone)):\(escape(phone.value))") }
        for address in card.addresses {
            let types = address.types.isEmpty ? "" : ";TYPE=\(address.types.joined(separator: ","))"
            lines.append("ADR\(types):" + address.components.map(escape).joined(separator: ";"))
        }
        for note in card.notes { lines.append("NOTE:\(escape(note))") }
        if !card.categories.isEmpty { lines.append("CATEGORIES:" + card.categories.map(escape).joined(separator: ",")) }
        for (name, value) in card.extensions.sorted(by: { $0.key < $1.key }) {
            lines.append("X-CRM-\(name):\(escape(value))")
        }
        lines.append("END:VCARD")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func parameters(_ typed: VCard.Typed) -> String {
        (typed.types.isEmpty ? "" : ";TYPE=\(typed.types.joined(separator: ","))") + (typed.preferred ? ";PREF=1" : "")
    }

    /// Escapes `\`, newlines, `,` and `;` in a text value.
    static func escape(_ text: String) -> String {
        var out = ""
        for char in text {
            switch char {
            case "\\": out += "\\\\"
            case "\n", "\r\n": out += "\\n"
            case ",": out += "\\,"
            case ";": out += "\\;"
            default: out.append(char)
            }
        }
        return out
    }

    /// Folds a line into 75-octet pieces, continuation lines starting with one space.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var pieces: [String] = []
        var current = ""
        var size = 0
        for char in line {
            let width = String(char).utf8.count
            if size + width > (pieces.isEmpty ? 75 : 74) {
                pieces.append(current)
                current = ""
                size = 0
            }
            current.append(char)
            size += width
        }
        pieces.append(current)
        return pieces.joined(separator: "\r\n ")
    }
}
