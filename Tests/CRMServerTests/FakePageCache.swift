// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDBSQLite
import Synchronization

/// A page cache of the tests' own for `CSQLitePageCache` to wrap.
///
/// It holds pages by key, and counts the truncates that reach it. SQLite calls a page cache through C function pointers,
/// which cannot capture, hence the one shared state.
enum FakePageCache {
    struct Cache {
        /// Page number to the address of its `sqlite3_pcache_page`.
        var pages: [UInt32: UInt] = [:]
        var truncates = 0
    }

    private static let state = Mutex<[Int: Cache]>([:])
    private static let nextID = Mutex(1)

    /// The page-cache methods of the fake.
    static var methods: sqlite3_pcache_methods2 {
        var methods = sqlite3_pcache_methods2()
        methods.iVersion = 1
        methods.xCreate = { _, _, _ in FakePageCache.create() }
        methods.xCachesize = { _, _ in }
        methods.xPagecount = { cache in Int32(FakePageCache.contents(cache).pages.count) }
        methods.xFetch = { cache, key, create in FakePageCache.fetch(cache, key: key, create: create != 0) }
        methods.xUnpin = { cache, page, discard in
            if discard != 0, let page { FakePageCache.drop(cache, page: UInt(bitPattern: page)) }
        }
        methods.xRekey = { cache, page, old, new in FakePageCache.rekey(cache, page: page, from: old, to: new) }
        methods.xTruncate = { cache, limit in FakePageCache.truncate(cache, limit: limit) }
        methods.xDestroy = { cache in FakePageCache.destroy(cache) }
        methods.xShrink = { _ in }
        return methods
    }

    private static func id(_ cache: OpaquePointer?) -> Int { Int(bitPattern: UnsafeRawPointer(cache)) / 16 }

    /// The fake cache made last, as the wrapper's `xCreate` made it: the wrapper's own pointer is
    /// not the fake's.
    static var newest: OpaquePointer? { OpaquePointer(bitPattern: (nextID.withLock { $0 } - 1) * 16) }

    /// What the fake `cache` holds, and the truncates it got.
    static func contents(_ cache: OpaquePointer?) -> Cache { state.withLock { $0[id(cache)] ?? Cache() } }

    private static func create() -> OpaquePointer? {
        let id = nextID.withLock { id in
            defer { id += 1 }
            return id
        }
        state.withLock { $0[id] = Cache() }
        return OpaquePointer(bitPattern: id * 16)
    }

    private static func fetch(_ cache: OpaquePointer?, key: UInt32, create: Bool) -> UnsafeMutablePointer<
        sqlite3_pcache_page
    >? {
        state.withLock { caches in
            if let page = caches[id(cache)]?.pages[key] {
                return UnsafeMutablePointer(bitPattern: page)
            }
            guard create else { return nil }
            let page = UnsafeMutablePointer<sqlite3_pcache_page>.allocate(capacity: 1)
            page.initialize(to: sqlite3_pcache_page())
            caches[id(cache), default: Cache()].pages[key] = UInt(bitPattern: page)
            return page
        }
    }

    /// Drops one page as SQLite's cache does when it recycles a page: the wrapper is not told.
    static func evict(_ cache: OpaquePointer?, key: UInt32) {
        guard let page = state.withLock({ $0[id(cache)]?.pages[key] }) else { return }
        drop(cache, page: page)
    }

    private static func drop(_ cache: OpaquePointer?, page: UInt) {
        state.withLock { caches in
            guard let key = caches[id(cache)]?.pages.first(where: { $0.value == page })?.key else { return }
            caches[id(cache)]?.pages[key] = nil
        }
        UnsafeMutablePointer<sqlite3_pcache_page>(bitPattern: page)?.deallocate()
    }

    private static func rekey(
        _ cache: OpaquePointer?, page: UnsafeMutablePointer<sqlite3_pcache_page>?, from old: UInt32, to new: UInt32
    ) {
        if let existing = state.withLock({ $0[id(cache)]?.pages[new] }) { drop(cache, page: existing) }
        state.withLock { caches in
            caches[id(cache)]?.pages[old] = nil
            caches[id(cache)]?.pages[new] = UInt(bitPattern: page)
        }
    }

    private static func truncate(_ cache: OpaquePointer?, limit: UInt32) {
        let dropped = state.withLock { caches in
            caches[id(cache)]?.truncates += 1
            return caches[id(cache)]?.pages.filter { $0.key >= limit }.map(\.value) ?? []
        }
        for page in dropped { drop(cache, page: page) }
    }

    private static func destroy(_ cache: OpaquePointer?) {
        let pages = state.withLock { $0.removeValue(forKey: id(cache))?.pages.values.map { $0 } ?? [] }
        for page in pages { UnsafeMutablePointer<sqlite3_pcache_page>(bitPattern: page)?.deallocate() }
    }
}
