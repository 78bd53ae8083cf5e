// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB

/// Takes the secondary indexes of the record tables off for a large bulk load and builds them
/// once at its end, from the exact statements that made them.
///
/// A million contacts and deals insert into a dozen indexes keyed by random values (folded
/// names, company and contact ids, stages); once those outgrow the page cache, each insert
/// reads and dirties pages all over the file. `CREATE INDEX` over the finished table sorts once
/// and writes each page once. Unique indexes stay (they are constraints, and the load itself
/// looks records up by id), and so do the indexes of every other table. The statements are kept
/// in `suspended_indexes` until the indexes are back, so a load that is interrupted has them
/// rebuilt at the next open (`Store.init`, with the analytics summaries).
///
/// The search index is treated the same way: FTS5 merges its segments as it goes (`automerge`),
/// re-reading and re-writing what the load itself just wrote, segment after segment. For the
/// load that is off, and at its end one `optimize` merges everything into a single segment,
/// which also leaves searches one segment to read.
enum IndexSuspension {
    /// FTS5's own default, put back at the end of a load.
    static let defaultAutomerge = 4

    /// The tables a bulk load fills.
    static let tables = ["contacts", "companies", "deals", "stage_history", "activities", "cases", "change_log"]

    /// Records and drops the secondary indexes of `tables`.
    static func suspend(_ db: Database) throws {
        let names = tables.map { "'\($0)'" }.joined(separator: ",")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
                    AND tbl_name IN (\(names)) AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name
                """)
        for row in rows {
            let name: String = row["name"]
            try db.execute(
                sql: "INSERT OR REPLACE INTO suspended_indexes (name, sql) VALUES (?, ?)",
                arguments: [name, row["sql"] as String])
            try db.execute(sql: "DROP INDEX \(name.quotedDatabaseIdentifier)")
        }
        try db.execute(sql: "INSERT INTO search (search, rank) VALUES ('automerge', 0)")
    }

    /// Builds every suspended index again and forgets it.
    static func restore(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT name, sql FROM suspended_indexes ORDER BY name") {
            let name: String = row["name"]
            try db.execute(sql: "DROP INDEX IF EXISTS \(name.quotedDatabaseIdentifier)")
            try db.execute(sql: row["sql"])
        }
        try db.execute(sql: "DELETE FROM suspended_indexes")
        try db.execute(sql: "INSERT INTO search (search, rank) VALUES ('automerge', \(defaultAutomerge))")
        try db.execute(sql: "INSERT INTO search (search) VALUES ('optimize')")
    }

    /// Whether indexes wait to be rebuilt.
    static func isSuspended(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM suspended_indexes)") ?? false
    }
}
