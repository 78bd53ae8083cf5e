// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// Orders search candidates by how their title matches what was typed; lower scores first.
///
/// People search for a record by its name far more often than by a word of its notes, so the
/// tiers follow that: the title starts with the query (0), the title holds every typed word as
/// a word prefix (1), some of them (2), none — the match is in the other text (3). Within a
/// tier a shorter title is the closer match, as in bm25's length normalisation. The score is
/// `tier * 1000 + title length` (capped), so ties fall to record order in the caller.
struct SearchRanking {
    let folded: String
    let words: [Substring]

    init(query: String) {
        folded = TextKey.fold(query)
        words = Self.words(of: folded)
    }

    func score(title: String) -> Double {
        let key = TextKey.fold(title)
        let tier: Int
        if !folded.isEmpty && key.hasPrefix(folded) {
            tier = 0
        } else {
            let titleWords = Self.words(of: key)
            let found = words.filter { word in titleWords.contains { $0.hasPrefix(word) } }.count
            tier = found == words.count && found > 0 ? 1 : found > 0 ? 2 : 3
        }
        return Double(tier * 1000 + min(key.count, 999))
    }

    /// Words as the FTS5 tokenizer sees them: runs of letters and digits (also how typed queries
    /// become FTS5 terms, in `Store.matchExpression`).
    static func words(of text: String) -> [Substring] {
        text.split { !$0.isLetter && !$0.isNumber }
    }
}
