// crm — a terminal-first CRM. Licensed under the MIT License.
//
// A VFS over SQLite's default one that gathers a WAL's frames into few large writes
// (WALBuffer.c). <sqlite3.h> is not included here, as in CSQLitePageCache.h: GRDB's system module
// includes it, and two modules declaring the same functions make Swift's calls ambiguous.
#ifndef CRM_CSQLITEWALBUFFER_H
#define CRM_CSQLITEWALBUFFER_H

/// Registers the buffering VFS, named "crm-wal-buffer", over the default VFS at the time of the
/// first call, and makes it the process's default if `make_default` is not 0: 0, or SQLite's error
/// code (SQLite then keeps its default VFS). Tests register it without making it the default and
/// open their connections on it by name.
int crm_sqlite3_register_wal_buffer(int make_default);

/// Writes to WAL files the buffer took, and writes it made to the file, since the process started
/// (relaxed counters, for tests and measurements).
void crm_sqlite3_wal_buffer_writes(unsigned long long *taken, unsigned long long *written);

#endif
