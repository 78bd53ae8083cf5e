// crm — a terminal-first CRM. Licensed under the MIT License.

import CSQLiteConfig
import CSQLitePageCache
import CSQLiteWALBuffer

/// SQLite's process-wide settings for `crm-server`: multi-thread mode, no memory statistics, a
/// page cache whose commits skip a needless walk, and a VFS that writes a WAL in few calls.
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
/// The page cache is SQLite's own, wrapped (`CSQLitePageCache`): on SQLite 3.40 every COMMIT of
/// the writer walked its whole 64 MiB cache looking for pages past the end of the file, 13.6 % of
/// the writer's thread at 12,000 devices, and the wrapper knows when there are none.
///
/// The default VFS is SQLite's own, wrapped (`CSQLiteWALBuffer`): SQLite writes each WAL frame
/// with two `pwrite` calls, a tenth of the writer's thread at 24,000 devices, and the wrapper
/// gathers a commit's frames into a few large writes before its sync.
///
/// `sqlite3_config` is variadic, hence `CSQLiteConfig`. It is refused once SQLite is initialized,
/// so the process calls this first, before any connection opens.
public enum SQLiteProcessConfiguration {
    /// Applies the settings; false when SQLite refused them (it was already initialized), in which
    /// case SQLite keeps its defaults, which are correct, only dearer.
    @discardableResult
    public static func apply() -> Bool {
        crm_sqlite3_configure_process() == 0 && crm_sqlite3_install_page_cache() == 0
            && crm_sqlite3_register_wal_buffer(1) == 0
    }

    /// Registers the WAL-buffering VFS under its name, `crm-wal-buffer`, without making it the
    /// default: for tests, which open their connections on it by name.
    static func registerWALBuffer() -> Bool {
        crm_sqlite3_register_wal_buffer(0) == 0
    }

    /// Writes to WAL files the buffering VFS took, and writes it made to those files.
    public static var walBufferWrites: (taken: UInt64, written: UInt64) {
        var taken: UInt64 = 0
        var written: UInt64 = 0
        crm_sqlite3_wal_buffer_writes(&taken, &written)
        return (taken, written)
    }

    /// Commit truncates the wrapped page cache handed to SQLite's own, and those it answered alone.
    public static var pageCacheTruncates: (passed: UInt64, skipped: UInt64) {
        var passed: UInt64 = 0
        var skipped: UInt64 = 0
        crm_sqlite3_page_cache_truncates(&passed, &skipped)
        return (passed, skipped)
    }
}
