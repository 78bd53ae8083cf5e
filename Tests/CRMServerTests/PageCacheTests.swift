// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMTestSupport
import CSQLitePageCache
import GRDBSQLite
import Testing

/// `CSQLitePageCache` over a page cache of the tests' own (`FakePageCache`).
///
/// A truncate must still
/// drop every page at or past its limit, and a commit's truncate after B-tree balancing moved
/// pages back below the end must not reach the cache beneath. `crm-server` installs the wrapper
/// for real (`SQLitePageCacheServerTests`); this process cannot, its SQLite already runs.
@Suite(.serialized) struct PageCacheTests {
    /// The wrapper's methods and one cache made with them, over a fresh fake.
    struct Wrapped {
        let methods: sqlite3_pcache_methods2
        let cache: OpaquePointer?
        let base: OpaquePointer?

        init() {
            var base = FakePageCache.methods
            var wrapped = sqlite3_pcache_methods2()
            crm_sqlite3_wrap_page_cache(&base, &wrapped)
            methods = wrapped
            cache = wrapped.xCreate?(4096, 64, 1)
            self.base = FakePageCache.newest
        }

        func fetch(_ key: UInt32, create: Bool = true) -> UnsafeMutablePointer<sqlite3_pcache_page>? {
            methods.xFetch?(cache, key, create ? 1 : 0)
        }
        func rekey(_ old: UInt32, to new: UInt32) { methods.xRekey?(cache, fetch(old, create: false), old, new) }
        func discard(_ key: UInt32) { methods.xUnpin?(cache, fetch(key, create: false), 1) }
        func truncate(_ limit: UInt32) { methods.xTruncate?(cache, limit) }
        var held: Set<UInt32> { Set(FakePageCache.contents(base).pages.keys) }
        var truncatesBeneath: Int { FakePageCache.contents(base).truncates }
        func destroy() { methods.xDestroy?(cache) }
    }

    /// A commit after balancing leaves the cache beneath alone.
    ///
    /// Two pages swapped numbers through a temporary one far past the end, as `balance_nonroot`
    /// does. Nothing is at or past the end, so the walk is skipped.
    @Test func aCommitAfterPagesMovedBackDoesNotReachTheCacheBeneath() {
        let cache = Wrapped()
        defer { cache.destroy() }
        for key in UInt32(1)...100 { _ = cache.fetch(key) }
        cache.truncate(101)
        #expect(cache.truncatesBeneath == 1, "the first truncate knows nothing yet, so it passes on")

        _ = cache.fetch(101)  // the file grows by a page
        cache.rekey(50, to: 262_145)
        cache.rekey(101, to: 50)
        cache.rekey(262_145, to: 101)
        cache.truncate(102)
        #expect(cache.truncatesBeneath == 1, "no page is at or past 102")
        #expect(cache.held == Set(1...101))

        _ = cache.fetch(150)
        cache.truncate(102)
        #expect(cache.truncatesBeneath == 2, "page 150 is past the end")
        #expect(cache.held == Set(1...101))
    }

    /// A truncate to fewer pages than the last (a rollback, a read transaction's clear) reaches
    /// the cache beneath: the wrapper followed only the pages past the last limit.
    @Test func aLowerLimitAlwaysReachesTheCacheBeneath() {
        let cache = Wrapped()
        defer { cache.destroy() }
        for key in UInt32(1)...20 { _ = cache.fetch(key) }
        cache.truncate(21)
        cache.truncate(11)
        #expect(cache.truncatesBeneath == 2)
        #expect(cache.held == Set(1...10))
        cache.truncate(1)
        #expect(cache.held.isEmpty)
    }

    /// More pages past the end than the wrapper follows: it loses count, and passes on.
    @Test func manyNewPagesPassTheTruncateOn() {
        let cache = Wrapped()
        defer { cache.destroy() }
        cache.truncate(1)
        for key in UInt32(1)...200 { _ = cache.fetch(key) }
        for key in UInt32(1)...199 { cache.rekey(key, to: key + 1000) }
        cache.truncate(1001)
        #expect(cache.truncatesBeneath == 2)
        #expect(cache.held == [200])
    }

    /// Random fetches, moves, discards, silent evictions and truncates at limits going up and
    /// down: after every truncate no page at or past its limit is left.
    @Test(arguments: UInt64(1)...6) func noTruncateLeavesAPageAtOrPastItsLimit(salt: UInt64) {
        var random = FuzzInput(salt)
        let cache = Wrapped()
        defer { cache.destroy() }
        var size: UInt32 = 50
        var skipped = 0
        for step in 0..<3000 {
            let held = cache.held.sorted()
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<50: _ = cache.fetch(UInt32.random(in: 1...(size + 4), using: &random))
            case 50..<65:
                guard let old = held.randomElement(using: &random) else { continue }
                let new = Bool.random(using: &random) ? 262_145 : UInt32.random(in: 1...(size + 4), using: &random)
                guard new != old else { continue }
                cache.rekey(old, to: new)
            case 65..<72:
                guard let key = held.randomElement(using: &random) else { continue }
                cache.discard(key)
            case 72..<80:
                guard let key = held.randomElement(using: &random) else { continue }
                FakePageCache.evict(cache.base, key: key)
            default:
                // Mostly a commit that grew or shrank the file a little; sometimes a read's clear.
                let grown = max(1, Int(size) + Int.random(in: -2...4, using: &random))
                size = Int.random(in: 0..<10, using: &random) == 0 ? 0 : UInt32(grown)
                let before = cache.truncatesBeneath
                cache.truncate(size + 1)
                if cache.truncatesBeneath == before { skipped += 1 }
                let left = cache.held.filter { $0 > size }
                #expect(left.isEmpty, "salt \(salt), step \(step): pages \(left.sorted()) past limit \(size + 1)")
            }
        }
        #expect(skipped > 0, "salt \(salt): some truncates had nothing past the end")
    }
}
