// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// Match keys for import headers, stage names and duplicate detection.
///
/// Builds on `TextKey.fold` (case, accents, spacing) and adds what matching needs beyond sorting:
/// letters Unicode folding leaves alone (ø, ł, đ, æ, œ, ß), a punctuation-free compact form so that
/// `FirstName`, `First Name`, `first_name` and `Person - First name*` are one key, and words.
public enum MatchKey {
    /// `TextKey.fold` plus the extra letter folds.
    public static func fold(_ text: String) -> String {
        let folded = TextKey.fold(text)
        guard folded.unicodeScalars.contains(where: { extraFolds[$0] != nil }) else { return folded }
        return folded.unicodeScalars.map { extraFolds[$0] ?? String($0) }.joined()
    }

    /// Only the letters and digits of `fold(text)`: the key headers and stage names are matched by.
    public static func compact(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                fold(text).unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
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
