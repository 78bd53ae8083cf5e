// crm — a terminal-first CRM. Licensed under the MIT License.
//
// SQLite's own page cache, wrapped so that a commit's truncate skips the walk over every cached
// page when no page can be past the end (PageCache.c). <sqlite3.h> is not included here: GRDB's
// system module includes it, and two modules declaring the same functions make Swift's calls to
// them ambiguous. The method tables are `sqlite3_pcache_methods2`, passed untyped.
#ifndef CRM_CSQLITEPAGECACHE_H
#define CRM_CSQLITEPAGECACHE_H

/// Installs the wrapped page cache for the whole process: 0, or SQLite's error code
/// (SQLITE_MISUSE, 21, once SQLite has been initialized; SQLite then keeps its own cache).
///
/// Must run before the first connection opens: sqlite3_config is refused after sqlite3_initialize.
int crm_sqlite3_install_page_cache(void);

/// Fills `wrapped` (a `sqlite3_pcache_methods2`) with methods that wrap `base` (another one),
/// for tests that drive the wrapper over a cache of their own. The process keeps one base: the
/// last one given here or by `crm_sqlite3_install_page_cache`.
void crm_sqlite3_wrap_page_cache(const void *base, void *wrapped);

/// Truncates that reached the wrapped cache and truncates the wrapper answered alone, since the
/// process started (relaxed counters, for tests and measurements).
void crm_sqlite3_page_cache_truncates(unsigned long long *passed, unsigned long long *skipped);

#endif
