// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Folds names into sort and match keys: lower case, accents removed, spaces collapsed.
///
/// "Zoë  Ångström" and "zoe angstrom" share the key "zoe angstrom", so name-prefix search,
/// list order and duplicate detection treat them alike, as people expect.
public enum TextKey {
    /// The folded key of a name.
    public static func fold(_ text: String) -> String {
        if let ascii = foldASCII(text) { return ascii }
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var out = ""
        out.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for char in folded {
            if char.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(char)
            }
        }
        return out.lowercased()
    }

    /// The same key without Foundation for plain ASCII text (most names and every email), where
    /// folding is lower-casing and collapsing spaces; nil when the text has other characters.
    static func foldASCII(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                pendingSpace = !out.isEmpty
            default:
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The exclusive upper bound of all keys that start with `prefix`.
    public static func prefixUpperBound(_ prefix: String) -> String { prefix + "\u{10FFFF}" }
}
