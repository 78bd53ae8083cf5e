// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Folds names into sort and match keys: lower case, accents removed, spaces collapsed.
///
/// "Zoë  Ångström" and "zoe angstrom" share the key "zoe angstrom", so name-prefix search,
/// list order and duplicate detection treat them alike, as people expect.
public enum TextKey {
    /// The folded key of a name.
    public static func fold(_ text: String) -> String {
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

    /// The exclusive upper bound of all keys that start with `prefix`.
    public static func prefixUpperBound(_ prefix: String) -> String { prefix + "\u{10FFFF}" }
}
