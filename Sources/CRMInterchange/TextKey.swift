// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Folds text to comparison keys: case, accents, punctuation and spacing removed or unified.
///
/// One folding serves header matching (`FirstName`, `First Name`, `first_name` and `FIRST NAME*`
/// are one key), stage names and duplicate detection (`José  García` equals `jose garcia`), so the
/// rules are written once.
public enum TextKey {
    /// Lower case, accents removed, letters the Unicode folding leaves alone (ø, ł, đ, æ, œ) spelled
    /// out, every run of whitespace one space, trimmed.
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var out = ""
        out.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(extraFolds[scalar] ?? String(scalar))
        }
        return out
    }

    /// Only the letters and digits of `fold(text)`: the key headers and stage names are matched by.
    public static func compact(_ text: String) -> String {
        String(String.UnicodeScalarView(fold(text).unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
    }

    /// The words of `fold(text)` with punctuation treated as spaces.
    public static func words(_ text: String) -> [String] {
        fold(text).unicodeScalars.split { !($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            .map { String(String.UnicodeScalarView($0)) }
    }

    static let extraFolds: [Unicode.Scalar: String] = [
        "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th", "ð": "d", "ı": "i",
    ]
}
