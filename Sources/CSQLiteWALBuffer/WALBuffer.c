// crm — a terminal-first CRM. Licensed under the MIT License.
//
// A VFS over SQLite's default one (unix) that gathers the writes to a WAL file into one buffer and
// hands them to the file in few large writes.
//
// SQLite writes each WAL frame as two `pwrite` calls, its 24-byte header and its page. A group
// commit of the server's writer appends a few thousand frames, one after another, and those calls
// were a tenth of the writer thread's samples at 24,000 devices, most of it the kernel's cost per
// call rather than per byte (Docs/BENCHMARKS.md, 2026-12-07). Here a write to a WAL file that
// continues the buffered run is copied into a 124 KiB buffer; anything else first writes the buffer
// out. The buffer is written out with the last frame of each commit (so a write error fails the
// commit inside SQLite's WAL append, before the shared-memory wal-index publishes it to other
// connections, in any `synchronous` mode), before every sync (so a COMMIT in `synchronous=FULL`
// finds its frames on disk exactly as before), by every read, size query or truncate of that file,
// and by its close; and, as a second guard, before the same connection's database file passes a
// barrier or a lock of the wal-index. So no connection ever reads a frame that is still here, and
// nothing the buffer holds has been acknowledged.
//
// Every other file, and every other method, goes straight to the default VFS. A file is used by
// one connection at a time (SQLite's rule for its handles), so a buffer needs no lock; the list
// that pairs a database file with its connection's WAL has one.
#include "CSQLiteWALBuffer.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/// The unix VFS writes at most 128 KiB - 1 in one call (`seekAndWriteFd` masks the length with
/// 0x1ffff), so a buffer must stay under that; this one holds 30 frames of 4 KiB pages.
enum { CRM_WAL_BUFFER_BYTES = 124 * 1024 };

typedef struct CRMWALFile CRMWALFile;
struct CRMWALFile {
    sqlite3_file base;
    /// The default VFS's file, allocated right after this struct (`szOsFile`).
    sqlite3_file *real;
    /// A WAL buffers its writes; any other file passes them on.
    int isWAL;
    /// Buffered bytes (allocated at the first write) and where in the file they go.
    char *buffer;
    sqlite3_int64 start;
    int length;
    /// The last write buffered was the header of a frame that ends a commit, whose page comes next.
    int commitFrame;
    /// For a main database file: its name as SQLite passed it (the connection's WAL names the
    /// same block, `sqlite3_filename_database`), the connection's open WAL, and the next in
    /// `crm_databases`.
    const char *name;
    CRMWALFile *wal;
    CRMWALFile *next;
};

/// Open main database files, so that a WAL opened later finds its connection's database.
static CRMWALFile *crm_databases;
static pthread_mutex_t crm_databases_lock = PTHREAD_MUTEX_INITIALIZER;

static sqlite3_vfs crm_vfs;
static sqlite3_vfs *crm_base_vfs;
static sqlite3_io_methods crm_methods;
static _Atomic unsigned long long crm_taken;
static _Atomic unsigned long long crm_written;

static sqlite3_file *real_of(sqlite3_file *file) { return ((CRMWALFile *)file)->real; }

/// Writes the buffered run out; SQLITE_OK when there was none.
///
/// A run that could not be written is dropped, as the unix VFS's own failed write would be: the
/// caller gets the error and SQLite fails the transaction those frames were part of. Kept, it
/// would reach the file later, after SQLite had moved on, where recovery could take it for a
/// commit.
static int crm_flush(CRMWALFile *file) {
    if (file->length == 0) return SQLITE_OK;
    int rc = file->real->pMethods->xWrite(file->real, file->buffer, file->length, file->start);
    if (rc == SQLITE_OK) atomic_fetch_add_explicit(&crm_written, 1, memory_order_relaxed);
    file->length = 0;
    return rc;
}

/// Writes out the buffer of the WAL of `database`'s connection, if one is open.
static int crm_flush_wal_of(sqlite3_file *database) {
    CRMWALFile *wal = ((CRMWALFile *)database)->wal;
    return wal ? crm_flush(wal) : SQLITE_OK;
}

/// Pairs a WAL with its connection's open database file, or (`wal` NULL) a database with none.
static void crm_pair(const char *database_name, CRMWALFile *wal, CRMWALFile *unpaired) {
    pthread_mutex_lock(&crm_databases_lock);
    for (CRMWALFile *database = crm_databases; database; database = database->next) {
        if (wal && database->name == database_name) database->wal = wal;
        if (!wal && database->wal == unpaired) database->wal = NULL;
    }
    pthread_mutex_unlock(&crm_databases_lock);
}

static void crm_forget_database(CRMWALFile *file) {
    pthread_mutex_lock(&crm_databases_lock);
    for (CRMWALFile **link = &crm_databases; *link; link = &(*link)->next) {
        if (*link == file) {
            *link = file->next;
            break;
        }
    }
    pthread_mutex_unlock(&crm_databases_lock);
}

static int crm_close(sqlite3_file *f) {
    CRMWALFile *file = (CRMWALFile *)f;
    if (file->isWAL) crm_pair(NULL, NULL, file);
    if (file->name) crm_forget_database(file);
    int flushed = crm_flush(file);
    int rc = file->real->pMethods ? file->real->pMethods->xClose(file->real) : SQLITE_OK;
    free(file->buffer);
    file->buffer = NULL;
    return flushed != SQLITE_OK ? flushed : rc;
}

static int crm_read(sqlite3_file *f, void *data, int amount, sqlite3_int64 offset) {
    CRMWALFile *file = (CRMWALFile *)f;
    int rc = crm_flush(file);
    if (rc != SQLITE_OK) return rc;
    return file->real->pMethods->xRead(file->real, data, amount, offset);
}

static int crm_write(sqlite3_file *f, const void *data, int amount, sqlite3_int64 offset) {
    CRMWALFile *file = (CRMWALFile *)f;
    if (!file->isWAL || amount > CRM_WAL_BUFFER_BYTES) {
        int rc = crm_flush(file);
        return rc != SQLITE_OK ? rc : file->real->pMethods->xWrite(file->real, data, amount, offset);
    }
    if (!file->buffer && !(file->buffer = malloc(CRM_WAL_BUFFER_BYTES))) {
        return file->real->pMethods->xWrite(file->real, data, amount, offset);
    }
    if (file->length > 0
        && (offset != file->start + file->length || file->length + amount > CRM_WAL_BUFFER_BYTES)) {
        int rc = crm_flush(file);
        if (rc != SQLITE_OK) return rc;
    }
    if (file->length == 0) file->start = offset;
    memcpy(file->buffer + file->length, data, (size_t)amount);
    file->length += amount;
    atomic_fetch_add_explicit(&crm_taken, 1, memory_order_relaxed);
    // A frame's 24-byte header holds, at bytes 4-7, the database's size in pages after a commit
    // and 0 otherwise. The page after such a header ends the commit: the run goes out with that
    // write, so that a write error fails the commit inside SQLite's own WAL append, before the
    // wal-index shows it, whatever the `synchronous` mode.
    int ends_commit = file->commitFrame;
    const unsigned char *bytes = data;
    file->commitFrame = amount == 24 && (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0;
    return ends_commit ? crm_flush(file) : SQLITE_OK;
}

static int crm_truncate(sqlite3_file *f, sqlite3_int64 size) {
    int rc = crm_flush((CRMWALFile *)f);
    return rc != SQLITE_OK ? rc : real_of(f)->pMethods->xTruncate(real_of(f), size);
}

static int crm_sync(sqlite3_file *f, int flags) {
    int rc = crm_flush((CRMWALFile *)f);
    return rc != SQLITE_OK ? rc : real_of(f)->pMethods->xSync(real_of(f), flags);
}

static int crm_file_size(sqlite3_file *f, sqlite3_int64 *size) {
    int rc = crm_flush((CRMWALFile *)f);
    return rc != SQLITE_OK ? rc : real_of(f)->pMethods->xFileSize(real_of(f), size);
}

// The rest go straight through.
static int crm_lock(sqlite3_file *f, int lock) { return real_of(f)->pMethods->xLock(real_of(f), lock); }
static int crm_unlock(sqlite3_file *f, int lock) { return real_of(f)->pMethods->xUnlock(real_of(f), lock); }
static int crm_check_reserved(sqlite3_file *f, int *out) {
    return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
static int crm_file_control(sqlite3_file *f, int op, void *arg) {
    return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
static int crm_sector_size(sqlite3_file *f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }
static int crm_device_characteristics(sqlite3_file *f) {
    return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}
static int crm_shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **out) {
    return real_of(f)->pMethods->xShmMap(real_of(f), region, size, extend, out);
}
// A commit becomes visible to other connections when its writer rewrites the wal-index header,
// between a barrier and the write lock's release. Its frames went out with its last one
// (`crm_write`); anything still buffered goes to the file before either, as a second guard.
static int crm_shm_lock(sqlite3_file *f, int offset, int n, int flags) {
    int rc = crm_flush_wal_of(f);
    return rc != SQLITE_OK ? rc : real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}
static void crm_shm_barrier(sqlite3_file *f) {
    // A barrier cannot fail: a commit's write errors were reported by its last frame's write.
    (void)crm_flush_wal_of(f);
    real_of(f)->pMethods->xShmBarrier(real_of(f));
}
static int crm_shm_unmap(sqlite3_file *f, int delete_flag) {
    return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag);
}
static int crm_fetch(sqlite3_file *f, sqlite3_int64 offset, int amount, void **out) {
    // Only database files are memory-mapped, and their writes are never buffered.
    if (real_of(f)->pMethods->iVersion < 3) {
        *out = NULL;
        return SQLITE_OK;
    }
    return real_of(f)->pMethods->xFetch(real_of(f), offset, amount, out);
}
static int crm_unfetch(sqlite3_file *f, sqlite3_int64 offset, void *page) {
    if (real_of(f)->pMethods->iVersion < 3) return SQLITE_OK;
    return real_of(f)->pMethods->xUnfetch(real_of(f), offset, page);
}

static int crm_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *out_flags) {
    (void)vfs;
    CRMWALFile *file = (CRMWALFile *)f;
    memset(file, 0, sizeof *file);
    file->real = (sqlite3_file *)(file + 1);
    int rc = crm_base_vfs->xOpen(crm_base_vfs, name, file->real, flags, out_flags);
    if (rc != SQLITE_OK || !file->real->pMethods) {
        // SQLite calls xClose only on a file whose pMethods is set.
        file->base.pMethods = NULL;
        return rc;
    }
    file->base.pMethods = &crm_methods;
    if ((flags & SQLITE_OPEN_MAIN_DB) && name) {
        file->name = name;
        pthread_mutex_lock(&crm_databases_lock);
        file->next = crm_databases;
        crm_databases = file;
        pthread_mutex_unlock(&crm_databases_lock);
    }
    if ((flags & SQLITE_OPEN_WAL) && name) {
        file->isWAL = 1;
        crm_pair(sqlite3_filename_database(name), file, NULL);
    }
    return SQLITE_OK;
}

// The VFS's other methods (delete, access, names, randomness, time) are the default VFS's own.
static int crm_delete(sqlite3_vfs *vfs, const char *name, int sync_dir) {
    (void)vfs;
    return crm_base_vfs->xDelete(crm_base_vfs, name, sync_dir);
}
static int crm_access(sqlite3_vfs *vfs, const char *name, int flags, int *out) {
    (void)vfs;
    return crm_base_vfs->xAccess(crm_base_vfs, name, flags, out);
}
static int crm_full_pathname(sqlite3_vfs *vfs, const char *name, int size, char *out) {
    (void)vfs;
    return crm_base_vfs->xFullPathname(crm_base_vfs, name, size, out);
}
static void *crm_dl_open(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return crm_base_vfs->xDlOpen(crm_base_vfs, name);
}
static void crm_dl_error(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    crm_base_vfs->xDlError(crm_base_vfs, size, out);
}
static void (*crm_dl_sym(sqlite3_vfs *vfs, void *handle, const char *symbol))(void) {
    (void)vfs;
    return crm_base_vfs->xDlSym(crm_base_vfs, handle, symbol);
}
static void crm_dl_close(sqlite3_vfs *vfs, void *handle) {
    (void)vfs;
    crm_base_vfs->xDlClose(crm_base_vfs, handle);
}
static int crm_randomness(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return crm_base_vfs->xRandomness(crm_base_vfs, size, out);
}
static int crm_sleep(sqlite3_vfs *vfs, int micros) {
    (void)vfs;
    return crm_base_vfs->xSleep(crm_base_vfs, micros);
}
static int crm_current_time(sqlite3_vfs *vfs, double *out) {
    (void)vfs;
    return crm_base_vfs->xCurrentTime(crm_base_vfs, out);
}
static int crm_get_last_error(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return crm_base_vfs->xGetLastError ? crm_base_vfs->xGetLastError(crm_base_vfs, size, out) : 0;
}
static int crm_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out) {
    (void)vfs;
    return crm_base_vfs->xCurrentTimeInt64(crm_base_vfs, out);
}

/// The VFS over the default one of the time; crm_base_vfs stays NULL if there is none to wrap.
static void crm_set_up(void) {
    if (sqlite3_initialize() != SQLITE_OK) return;
    sqlite3_vfs *base = sqlite3_vfs_find(NULL);
    // Version 3 methods: the unix VFS's own (memory maps, shared memory) pass through.
    if (!base || base->iVersion < 2) return;
    crm_methods = (sqlite3_io_methods){
        .iVersion = 3, .xClose = crm_close, .xRead = crm_read, .xWrite = crm_write,
        .xTruncate = crm_truncate, .xSync = crm_sync, .xFileSize = crm_file_size, .xLock = crm_lock,
        .xUnlock = crm_unlock, .xCheckReservedLock = crm_check_reserved,
        .xFileControl = crm_file_control, .xSectorSize = crm_sector_size,
        .xDeviceCharacteristics = crm_device_characteristics, .xShmMap = crm_shm_map,
        .xShmLock = crm_shm_lock, .xShmBarrier = crm_shm_barrier, .xShmUnmap = crm_shm_unmap,
        .xFetch = crm_fetch, .xUnfetch = crm_unfetch,
    };
    crm_vfs = (sqlite3_vfs){
        .iVersion = 2, .szOsFile = (int)sizeof(CRMWALFile) + base->szOsFile, .mxPathname = base->mxPathname,
        .zName = "crm-wal-buffer", .xOpen = crm_open, .xDelete = crm_delete, .xAccess = crm_access,
        .xFullPathname = crm_full_pathname, .xDlOpen = crm_dl_open, .xDlError = crm_dl_error,
        .xDlSym = crm_dl_sym, .xDlClose = crm_dl_close, .xRandomness = crm_randomness,
        .xSleep = crm_sleep, .xCurrentTime = crm_current_time, .xGetLastError = crm_get_last_error,
        .xCurrentTimeInt64 = crm_current_time_int64,
    };
    crm_base_vfs = base;
}

int crm_sqlite3_register_wal_buffer(int make_default) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, crm_set_up);
    if (!crm_base_vfs) return SQLITE_ERROR;
    return sqlite3_vfs_register(&crm_vfs, make_default);
}

void crm_sqlite3_wal_buffer_writes(unsigned long long *taken, unsigned long long *written) {
    *taken = atomic_load_explicit(&crm_taken, memory_order_relaxed);
    *written = atomic_load_explicit(&crm_written, memory_order_relaxed);
}
