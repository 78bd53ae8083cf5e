// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB

/// `INDEXED BY` for an index that a bulk load may have dropped.
///
/// `crm demo` and the benchmark drop the record tables' secondary indexes for the length of the
/// load (`IndexSuspension` in CRMStore), and another process's report must still answer then.
/// A query naming a missing index fails ("no such index"), so the pin is added only when the
/// index is in the schema the caller's read transaction sees; without it SQLite plans the query
/// on what there is, slower but right.
enum IndexHint {
    /// "INDEXED BY `name`" if the index exists in this snapshot, else "".
    static func indexedBy(_ name: String, _ db: Database) throws -> String {
        let exists =
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?)",
                arguments: [name]) ?? false
        return exists ? "INDEXED BY \(name)" : ""
    }
}
