// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMStore

/// Which of one batch's match keys the store may hold, read in one query per key kind before
/// the batch is written, so rows that can match nothing skip their per-row lookups.
///
/// A first import of a large file matches nothing: every row used to pay an indexed query by
/// email (and by id and source id when the file has them) only to learn that. Now the batch asks
/// once per key kind (`… IN (SELECT value FROM json_each(?))`, one cached statement whatever the
/// batch size) and a row runs its exact per-row query only when the answer may be yes: its key
/// was found, or another row of the same batch has the same key (that row may write it first).
/// There is no other way: a row's write adds only its own keys. So the answers, including which
/// of several matches wins (`ORDER BY num`), are exactly those of the per-row queries; only the
/// certain misses are skipped.
struct BatchMatches {
    let kind: EntityKind
    /// Per key kind: the keys found in the store, and those that several rows of the batch have.
    private var maybe: [Key: Set<String>] = [:]

    /// The ways a row finds the record it updates (`References.existing`), in that order.
    enum Key: CaseIterable {
        /// The row's stable id, live or deleted (`References.exists`).
        case id
        /// The source id, live rows.
        case externalID
        /// Contacts: the email, compared as SQLite's NOCASE does (ASCII letters only).
        case email
        /// Companies: the folded name (`name_key`), live rows.
        case nameKey
    }

    /// Reads which of `rows`' keys exist, inside the batch's write transaction.
    init(recorder: ChangeRecorder, kind: EntityKind, rows: [ImportRow]) throws {
        self.kind = kind
        for key in Key.allCases {
            guard let storeKey = Self.storeKey(key, kind: kind) else { continue }
            var values: Set<String> = []
            var repeated: Set<String> = []
            for row in rows {
                guard let value = Self.probe(key, of: row) else { continue }
                if !values.insert(value).inserted { repeated.insert(value) }
            }
            guard !values.isEmpty else { continue }
            let present = try recorder.present(kind, storeKey, among: values)
            maybe[key] = repeated.union(key == .email ? present.map(Self.nocase) : present)
        }
    }

    /// False only when no record can have this row's `key` (so its per-row query would find nothing).
    func mayMatch(_ key: Key, _ row: ImportRow) -> Bool {
        guard let probe = Self.probe(key, of: row) else { return false }
        return maybe[key]?.contains(probe) == true
    }

    /// The store key a key is looked up by for `kind`, nil when `References.existing` does not use it.
    static func storeKey(_ key: Key, kind: EntityKind) -> RecordKey? {
        switch key {
        case .id: .id
        case .externalID: kind.field("external_id") != nil ? .externalID : nil
        case .email: kind == .contact ? .email : nil
        case .nameKey: kind == .company ? .nameKey : nil
        }
    }

    /// The value a row is matched by for `key`, as `References.existing` compares it.
    static func probe(_ key: Key, of row: ImportRow) -> String? {
        switch key {
        case .id: row.id?.rawValue
        case .externalID: row[text: "external_id"]
        case .email: row[text: "email"].map(nocase)
        case .nameKey: row[text: "name"].map(TextKey.fold)
        }
    }

    /// Lower-cases ASCII letters only, as SQLite's NOCASE collation compares.
    static func nocase(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return text }
        return String(
            decoding: text.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 },
            as: UTF8.self)
    }
}
