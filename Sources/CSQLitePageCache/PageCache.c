// crm — a terminal-first CRM. Licensed under the MIT License.
//
// SQLite's default page cache (pcache1), wrapped to skip one walk.
//
// At every COMMIT, SQLite's pager truncates its cache to the database's size. pcache1 keeps the
// largest page number it has seen since its last truncate, and when that number is further past
// the limit than its hash table is long, it walks every bucket and every cached page. B-tree
// balancing moves pages through temporary numbers past the end of the file, so on SQLite 3.40 the
// largest number stays high even though every page was moved back: every COMMIT of the server's
// writer walked its 64 MiB cache, 13.6 % of the writer's thread at 12,000 devices
// (Docs/BENCHMARKS.md, 2026-12-06).
//
// The wrapper follows which page numbers at or past the last truncate's limit are in the cache
// (every fetch and move goes through it), and hands a truncate to pcache1 only when one of them
// is at or past the new limit, when the limit went down, or when it lost count. Pages pcache1
// drops by itself stay in the wrapper's list, which only makes it pass a truncate on that was not
// needed. The list is per cache, and SQLite calls a cache from one connection at a time.
#include "CSQLitePageCache.h"

#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>

/// Page numbers past the limit followed before the wrapper stops counting until the next truncate.
enum { CRM_FOLLOWED_PAGES = 64 };

typedef struct CRMPageCache {
    sqlite3_pcache *base;
    /// The limit of the last truncate: every cached page numbered at or past it is in `pages`.
    unsigned int limit;
    /// Zero until the first truncate: before it, nothing is known about the cache's pages.
    int known;
    /// How many of `pages` are used; -1 once more than fit were seen.
    int count;
    unsigned int pages[CRM_FOLLOWED_PAGES];
} CRMPageCache;

static sqlite3_pcache_methods2 crm_base;
static _Atomic unsigned long long crm_passed;
static _Atomic unsigned long long crm_skipped;

static void crm_follow(CRMPageCache *cache, unsigned int page) {
    if (!cache->known || page < cache->limit || cache->count < 0) return;
    for (int i = 0; i < cache->count; i++) {
        if (cache->pages[i] == page) return;
    }
    if (cache->count == CRM_FOLLOWED_PAGES) {
        cache->count = -1;
        return;
    }
    cache->pages[cache->count++] = page;
}

static void crm_forget(CRMPageCache *cache, unsigned int page) {
    if (cache->count <= 0) return;
    for (int i = 0; i < cache->count; i++) {
        if (cache->pages[i] == page) {
            cache->pages[i] = cache->pages[--cache->count];
            return;
        }
    }
}

/// Whether pcache1 may hold a page numbered `limit` or more.
static int crm_may_hold(const CRMPageCache *cache, unsigned int limit) {
    if (!cache->known || limit < cache->limit || cache->count < 0) return 1;
    for (int i = 0; i < cache->count; i++) {
        if (cache->pages[i] >= limit) return 1;
    }
    return 0;
}

static sqlite3_pcache *crm_create(int pageSize, int extraSize, int purgeable) {
    CRMPageCache *cache = calloc(1, sizeof(CRMPageCache));
    if (cache == NULL) return NULL;
    cache->base = crm_base.xCreate(pageSize, extraSize, purgeable);
    if (cache->base == NULL) {
        free(cache);
        return NULL;
    }
    return (sqlite3_pcache *)cache;
}

static void crm_cachesize(sqlite3_pcache *cache, int pages) {
    crm_base.xCachesize(((CRMPageCache *)cache)->base, pages);
}

static int crm_pagecount(sqlite3_pcache *cache) {
    return crm_base.xPagecount(((CRMPageCache *)cache)->base);
}

static sqlite3_pcache_page *crm_fetch(sqlite3_pcache *opaque, unsigned int key, int createFlag) {
    CRMPageCache *cache = (CRMPageCache *)opaque;
    sqlite3_pcache_page *page = crm_base.xFetch(cache->base, key, createFlag);
    if (page != NULL) crm_follow(cache, key);
    return page;
}

static void crm_unpin(sqlite3_pcache *cache, sqlite3_pcache_page *page, int discard) {
    crm_base.xUnpin(((CRMPageCache *)cache)->base, page, discard);
}

static void crm_rekey(sqlite3_pcache *opaque, sqlite3_pcache_page *page, unsigned int old, unsigned int new) {
    CRMPageCache *cache = (CRMPageCache *)opaque;
    crm_base.xRekey(cache->base, page, old, new);
    crm_forget(cache, old);
    crm_follow(cache, new);
}

static void crm_truncate(sqlite3_pcache *opaque, unsigned int limit) {
    CRMPageCache *cache = (CRMPageCache *)opaque;
    if (crm_may_hold(cache, limit)) {
        crm_base.xTruncate(cache->base, limit);
        atomic_fetch_add_explicit(&crm_passed, 1, memory_order_relaxed);
    } else {
        atomic_fetch_add_explicit(&crm_skipped, 1, memory_order_relaxed);
    }
    // Every page numbered `limit` or more is gone (or never was): nothing past it to follow.
    cache->known = 1;
    cache->limit = limit;
    cache->count = 0;
}

static void crm_destroy(sqlite3_pcache *opaque) {
    CRMPageCache *cache = (CRMPageCache *)opaque;
    crm_base.xDestroy(cache->base);
    free(cache);
}

static void crm_shrink(sqlite3_pcache *cache) {
    crm_base.xShrink(((CRMPageCache *)cache)->base);
}

void crm_sqlite3_wrap_page_cache(const void *base, void *wrapped) {
    crm_base = *(const sqlite3_pcache_methods2 *)base;
    sqlite3_pcache_methods2 methods = crm_base;
    methods.xCreate = crm_create;
    methods.xCachesize = crm_cachesize;
    methods.xPagecount = crm_pagecount;
    methods.xFetch = crm_fetch;
    methods.xUnpin = crm_unpin;
    methods.xRekey = crm_rekey;
    methods.xTruncate = crm_truncate;
    methods.xDestroy = crm_destroy;
    methods.xShrink = crm_shrink;
    *(sqlite3_pcache_methods2 *)wrapped = methods;
}

int crm_sqlite3_install_page_cache(void) {
    sqlite3_pcache_methods2 base;
    int code = sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &base);
    if (code != SQLITE_OK) return code;
    sqlite3_pcache_methods2 wrapped;
    crm_sqlite3_wrap_page_cache(&base, &wrapped);
    return sqlite3_config(SQLITE_CONFIG_PCACHE2, &wrapped);
}

void crm_sqlite3_page_cache_truncates(unsigned long long *passed, unsigned long long *skipped) {
    *passed = atomic_load_explicit(&crm_passed, memory_order_relaxed);
    *skipped = atomic_load_explicit(&crm_skipped, memory_order_relaxed);
}
