// crm — a terminal-first CRM. Licensed under the MIT License.

import CSQLiteConfig
import GRDB

/// Turns on SQLite's query planner stability guarantee on a server connection, so a statement
/// prepared once per connection is not prepared again on every use.
///
/// Without it, when a statement binds a column that a partial index's `WHERE` names (a push's
/// read of a register binds `entity = ?` and `field = ?`; migration 4's mail indexes say
/// `WHERE entity = 'contact' AND field = 'email'`), SQLite marks those parameters so that a new
/// value could let the planner use the index, and every new binding makes the statement expire
/// and be prepared again. That was about 0.05 ms of a push's 0.23 ms (Docs/BENCHMARKS.md,
/// 2026-12-05). With the guarantee a plan never depends on what is bound; a partial index serves
/// only a statement whose own text implies its condition, as the mail gateway's lookups do
/// (`MailRecordsSQL`, held to that by `MailRecordsSQLTests`).
///
/// `sqlite3_db_config` is variadic, which Swift cannot call and GRDB does not wrap for this
/// option, hence the few lines of C in `CSQLiteConfig`.
enum SQLitePlannerStability {
    /// The option could not be set: the connection would re-prepare the push's statements.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String {
            "SQLite refused SQLITE_DBCONFIG_ENABLE_QPSG (needs SQLite 3.20 or later); upgrade libsqlite3"
        }
    }

    static func enable(on db: Database) throws {
        guard crm_sqlite3_enable_qpsg(db.sqliteConnection) == 1 else { throw Unavailable() }
    }
}
