// crm — a terminal-first CRM. Licensed under the MIT License.

/// Writes vCard 4.0 (RFC 6350) or 3.0 (RFC 2426): CRLF line ends, lines folded at 75 octets
/// without splitting a UTF-8 character, text values escaped.
///
/// 3.0 is there because many phones and Outlook still read it best; it differs in what they
/// trip on: `N` is always written, a preferred value is `TYPE=pref` rather than `PREF=1`, and
/// `TEL` carries no `VALUE=text`.
public enum VCardWriter {
    /// The vCard versions written.
    public enum Version: String, CaseIterable, Sendable {
        case v3 = "3.0"
        case v4 = "4.0"
    }

    /// The text of one card.
    public static func write(_ card: VCard, version: Version = .v4) -> String {
        var lines = ["BEGIN:VCARD", "VERSION:\(version.rawValue)"]
        if let uid = card.uid { lines.append("UID:\(uid)") }
        lines.append("FN:\(escape(card.displayName ?? ""))")
        if !card.nameParts.isEmpty {
            lines.append("N:" + card.nameParts.map(escape).joined(separator: ";"))
        } else if version == .v3 {
            lines.append("N:;;;;")  // required in 3.0
        }
        if !card.organization.isEmpty { lines.append("ORG:" + card.organization.map(escape).joined(separator: ";")) }
        if let title = card.title { lines.append("TITLE:\(escape(title))") }
        for email in card.emails { lines.append("EMAIL\(parameters(email, version)):\(escape(email.value))") }
        let tel = version == .v4 ? "TEL;VALUE=text" : "TEL"
        for phone in card.phones { lines.append("\(tel)\(parameters(phone, version)):\(escape(phone.value))") }
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

    static func parameters(_ typed: VCard.Typed, _ version: Version) -> String {
        let types = typed.types + (typed.preferred && version == .v3 ? ["pref"] : [])
        return (types.isEmpty ? "" : ";TYPE=\(types.joined(separator: ","))")
            + (typed.preferred && version == .v4 ? ";PREF=1" : "")
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
