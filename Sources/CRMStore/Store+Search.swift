// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// Searches names, emails, phones, companies, deal titles, case subjects and notes.
    ///
    /// Every word is a prefix ("ang acm" finds "Zoë Ångström" at "Acme"), accents and case
    /// ignored. A record whose title (name, deal title, case subject) starts with the query
    /// ranks first, then titles holding every word, then titles holding some, then matches in
    /// the other text; shorter titles first within each tier. To stay fast on a million rows
    /// when a one-letter prefix matches half the table, ranking looks at the first `candidates`
    /// (500) matches in index order rather than scoring every match (Docs/ARCHITECTURE.md).
    public func search(_ query: String, kinds: Set<EntityKind>? = nil, limit: Int = 20, candidates: Int = 500) throws
        -> [SearchHit]
    {
        guard let match = Self.matchExpression(query) else { return [] }
        let codes = (kinds ?? [.contact, .company, .deal, .supportCase, .activity]).compactMap(Derived.searchCode)
        guard !codes.isEmpty else { return [] }
        let ranking = SearchRanking(query: query)
        return try read { db in
            let rows = try Self.candidates(db, query: query, match: match, codes: codes, candidates: candidates)
            let best = rows.map { row -> (rowid: Int64, title: String, score: Double) in
                let title: String = row["title"] ?? ""
                return (row["rowid"], title, ranking.score(title: title))
            }
            .sorted { ($0.score, $0.rowid >> 3) < ($1.score, $1.rowid >> 3) }
            var hits: [SearchHit] = []
            for candidate in best where hits.count < limit {
                let rowid = candidate.rowid
                guard let kind = Derived.kind(forSearchCode: rowid & 7),
                    let id = try String.fetchOne(
                        db.cachedStatement(sql: "SELECT id FROM \(kind.table) WHERE num = ?"), arguments: [rowid >> 3]),
                    let recordID = RecordID(id)
                else { continue }
                let body =
                    try String.fetchOne(
                        db.cachedStatement(sql: "SELECT body FROM search WHERE rowid = ?"), arguments: [rowid]) ?? ""
                hits.append(
                    SearchHit(
                        kind: kind, id: recordID, num: rowid >> 3, title: candidate.title,
                        detail: String(body.prefix(80)), score: candidate.score))
            }
            return hits
        }
    }

    /// The first `candidates` matches in index order, as (rowid, title) rows.
    ///
    /// No `bm25()`: it counts every row holding each term to weigh the terms, which for a word
    /// in every record ("example" of example.com) reads the whole posting list on each query,
    /// a cost that grows with the table, while the candidates are a fixed window
    /// anyway. FTS5 also answers a prefix term longer than its prefix indexes (1–3 characters)
    /// by merging the postings of every term that starts with it before the first row comes out;
    /// so complete words are tried exactly first, and when that alone fills the candidates the
    /// word is so common that the prefix query is skipped.
    static func candidates(
        _ db: Database, query: String, match: String, codes: [Int64], candidates: Int
    ) throws -> [Row] {
        let kinds = "(rowid & 7) IN (\(codes.map(String.init).joined(separator: ",")))"
        let statement = try db.cachedStatement(
            sql: "SELECT rowid, title FROM search WHERE search MATCH ? AND \(kinds) LIMIT ?")
        if let exact = exactExpression(query) {
            let rows = try Row.fetchAll(statement, arguments: [exact, candidates])
            if rows.count >= candidates { return rows }
        }
        return try Row.fetchAll(statement, arguments: [match, candidates])
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

    /// The typed words as exact FTS5 terms, when any is longer than the prefix indexes; else nil.
    static func exactExpression(_ query: String) -> String? {
        let words = SearchRanking.words(of: query)
        guard words.contains(where: { $0.count > 3 }) else { return nil }
        return words.map { "\"\($0)\"" + ($0.count > 3 ? "" : "*") }.joined(separator: " ")
    }

    /// Turns typed words into an FTS5 expression of quoted prefix terms; nil when nothing is left.
    static func matchExpression(_ query: String) -> String? {
        // Words are runs of letters and digits, so no quote or FTS5 operator survives into them.
        let words = SearchRanking.words(of: query)
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0)\"*" }.joined(separator: " ")
    }
}
