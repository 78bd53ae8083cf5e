// crm — a terminal-first CRM. Licensed under the MIT License.
//
// The SQLite options the server sets that GRDB does not wrap: one sqlite3_db_config option and two
// process-wide sqlite3_config ones. Both functions are variadic, which Swift cannot call, so they
// are wrapped here. <sqlite3.h> is not included: GRDB's own system module includes it, and two
// modules declaring the same functions make Swift's calls to them ambiguous. The connection is
// GRDB's `Database.sqliteConnection`.
#ifndef CRM_CSQLITECONFIG_SHIM_H
#define CRM_CSQLITECONFIG_SHIM_H

struct sqlite3;
int sqlite3_db_config(struct sqlite3 *, int op, ...);
int sqlite3_config(int op, ...);

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

/// SQLITE_CONFIG_MULTITHREAD and SQLITE_CONFIG_MEMSTATUS in <sqlite3.h>.
#define CRM_SQLITE_CONFIG_MULTITHREAD 2
#define CRM_SQLITE_CONFIG_MEMSTATUS 9

/// Multi-thread mode and no memory statistics, for the whole process; 0 when both took, else
/// SQLite's error code (SQLITE_MISUSE, 21, once SQLite has been initialized).
///
/// Must run before the first connection opens: sqlite3_config is refused after sqlite3_initialize.
static inline int crm_sqlite3_configure_process(void) {
    int code = sqlite3_config(CRM_SQLITE_CONFIG_MULTITHREAD);
    if (code != 0) return code;
    return sqlite3_config(CRM_SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif
