// crm — a terminal-first CRM. Licensed under the MIT License.

import CSQLiteConfig

/// SQLite's process-wide settings for `crm-server`: multi-thread mode and no memory statistics.
///
/// Debian's libsqlite3 is built serialized (`THREADSAFE=1`) and without lookaside
/// (`OMIT_LOOKASIDE`), and GRDB opens its connections in the library's default mode. So every
/// SQLite call took its connection's mutex, and every one of SQLite's many small allocations took
/// the global memory mutex to keep statistics nobody reads: `pthread_mutex_lock` and `unlock` were
/// 6.7 % of the writer thread's own samples in the 6,000-device mix (Docs/BENCHMARKS.md,
/// 2026-12-06). GRDB already hands each connection to one thread at a time (its
/// `SerializedDatabase`), which is what multi-thread mode asks of the caller, and the only mode
/// GRDB documents as supported.
///
/// `sqlite3_config` is variadic, hence `CSQLiteConfig`. It is refused once SQLite is initialized,
/// so the process calls this first, before any connection opens.
public enum SQLiteProcessConfiguration {
    /// Applies the settings; false when SQLite refused them (it was already initialized), in which
    /// case SQLite keeps its defaults, which are correct, only dearer.
    @discardableResult
    public static func apply() -> Bool {
        crm_sqlite3_configure_process() == 0
    }
}
