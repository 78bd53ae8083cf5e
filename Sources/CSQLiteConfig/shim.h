// crm — a terminal-first CRM. Licensed under the MIT License.
//
// The one sqlite3_db_config option the server sets that GRDB does not wrap. sqlite3_db_config is
// variadic, which Swift cannot call, so it is wrapped here. <sqlite3.h> is not included: GRDB's
// own system module includes it, and two modules declaring the same functions make Swift's
// calls to them ambiguous. The connection is GRDB's `Database.sqliteConnection`.
#ifndef CRM_CSQLITECONFIG_SHIM_H
#define CRM_CSQLITECONFIG_SHIM_H

struct sqlite3;
int sqlite3_db_config(struct sqlite3 *, int op, ...);

/// SQLITE_DBCONFIG_ENABLE_QPSG in <sqlite3.h> (since SQLite 3.20).
#define CRM_SQLITE_DBCONFIG_ENABLE_QPSG 1007

/// Turns on the query planner stability guarantee; returns 1 when SQLite reports it on.
///
/// Without it, a statement that binds a column a partial index's WHERE names (`field = ?`
/// against `WHERE field = 'email'`) is marked to be prepared again whenever that parameter is
/// bound anew, so a statement prepared once per connection is in fact prepared on every use.
static inline int crm_sqlite3_enable_qpsg(struct sqlite3 *db) {
    int on = 0;
    if (sqlite3_db_config(db, CRM_SQLITE_DBCONFIG_ENABLE_QPSG, 1, &on) != 0) return 0;
    return on == 1;
}

#endif
