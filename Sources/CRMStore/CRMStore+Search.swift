// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension CRMStore {
    /// Searches names, emails, phones, companies, deal titles, case subjects and notes.
    ///
    /// Every word is a prefix ("ang acm" finds "Zoë Ångström" at "Acme"), accents and case
    /// ignored. Titles weigh ten times the other text. To stay fast on a million rows when a
    /// one-letter prefix matches half the table, ranking looks at the first `candidates` (500)
    /// matches in index order rather than scoring every match (Docs/ARCHITECTURE.md).
    public func search(_ query: String, kinds: Set<EntityKind>? = nil, limit: Int = 20, candidates: Int = 500) throws
        -> [SearchHit]
    {
        guard let match = Self.matchExpression(query) else { return [] }
        let codes = (kinds ?? [.contact, .company, .deal, .supportCase, .activity]).compactMap(Derived.searchCode)
        guard !codes.isEmpty else { return [] }
        return try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT rowid, score FROM (
                        SELECT rowid, bm25(search, 10.0, 1.0) AS score
                        FROM search WHERE search MATCH ? AND (rowid & 7) IN (\(codes.map(String.init).joined(separator: ",")))
                        LIMIT ?)
                    ORDER BY score LIMIT ?
                    """, arguments: [match, candidates, limit * 3])
            let folded = TextKey.fold(query)
            var hits: [SearchHit] = []
            for row in rows {
                let rowid: Int64 = row["rowid"]
                guard let kind = Derived.kind(forSearchCode: rowid & 7),
                    let id = try String.fetchOne(
                        db, sql: "SELECT id FROM \(kind.table) WHERE num = ?", arguments: [rowid >> 3]),
                    let recordID = RecordID(id)
                else { continue }
                let text = try Row.fetchOne(
                    db, sql: "SELECT title, body FROM search WHERE rowid = ?", arguments: [rowid])
                let title: String = text?["title"] ?? ""
                let body: String = text?["body"] ?? ""
                var score: Double = row["score"] ?? 0
                if TextKey.fold(title).hasPrefix(folded) { score -= 1000 }
                hits.append(
                    SearchHit(
                        kind: kind, id: recordID, num: rowid >> 3, title: title, detail: String(body.prefix(80)),
                        score: score))
            }
            return Array(hits.sorted { ($0.score, $0.num) < ($1.score, $1.num) }.prefix(limit))
        }
    }

    /// Contacts whose folded name starts with `prefix`, by the name index (search-as-you-type).
    public func contacts(namePrefix prefix: String, limit: Int) throws -> [Contact] {
        let key = TextKey.fold(prefix)
        return try read { db in
            try Row.fetchAll(
                db,
                sql:
                    "\(Self.contactSelect) WHERE c.deleted = 0 AND c.name_key >= ? AND c.name_key < ? ORDER BY c.name_key, c.num LIMIT ?",
                arguments: [key, TextKey.prefixUpperBound(key), limit]
            ).map(RecordDecoding.contact)
        }
    }

    /// Turns typed words into an FTS5 expression of quoted prefix terms; nil when nothing is left.
    static func matchExpression(_ query: String) -> String? {
        let words = query.split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { !$0.isEmpty }
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0.replacingOccurrences(of: "\"", with: ""))\"*" }.joined(separator: " ")
    }
}
