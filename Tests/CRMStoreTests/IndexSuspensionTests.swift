// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB
import Testing

@testable import CRMStore

@Suite struct IndexSuspensionTests {
    /// Every index of the record tables, by name, with the statement that made it.
    static func indexes(_ db: Database) throws -> [String: String] {
        let tables = IndexSuspension.tables.map { "'\($0)'" }.joined(separator: ",")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT name, coalesce(sql, '') AS sql FROM sqlite_master
                    WHERE type = 'index' AND tbl_name IN (\(tables))
                """)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["name"] as String, $0["sql"] as String) })
    }

    /// FTS5's merge setting, as its config table holds it.
    static func automerge(_ db: Database) throws -> Int? {
        try Int.fetchOne(db, sql: "SELECT v FROM search_config WHERE k = 'automerge'")
    }

    /// A large load runs with only the unique indexes and ends with every index as it was.
    @Test func aBulkLoadDropsTheSecondaryIndexesAndBuildsTheSameOnesAtItsEnd() throws {
        let test = try TestStore()
        let before = try test.store.read(Self.indexes)
        #expect(before["contacts_by_name"] != nil && before["deals_by_stage"] != nil)
        #expect(before["change_log_by_entity"] != nil)
        let (during, merging) = try test.store.bulkLoading(deferAggregates: true) {
            var generator = DemoGenerator(store: test.store, seed: 3)
            _ = try generator.generateInBatches(contacts: 200, progress: nil)
            return (try test.store.read(Self.indexes), try test.store.read(Self.automerge))
        }
        #expect(merging == 0)
        let log = try FileManager.default.attributesOfItem(atPath: test.path + "-wal")[.size] as? Int
        #expect(log == 0, "the write-ahead log is truncated after the load")
        #expect(try test.store.read(Self.automerge) == IndexSuspension.defaultAutomerge)
        #expect(try test.store.search("a", limit: 5).count == 5)
        #expect(during.keys.allSatisfy { $0.hasPrefix("sqlite_autoindex_") })
        #expect(during.count == before.keys.filter { $0.hasPrefix("sqlite_autoindex_") }.count)
        try test.store.read { (db: Database) throws in
            #expect(try Self.indexes(db) == before)
            #expect(try !IndexSuspension.isSuspended(db))
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts") == 200)
            let plan = try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN SELECT num FROM contacts WHERE deleted = 0 ORDER BY name_key, num LIMIT 5")
            #expect(plan.map { $0["detail"] as String }.joined().contains("contacts_by_name"))
        }
        #expect(try test.store.check() == [])
    }

    /// Indexes left off by a load that died are built when the file is next opened.
    @Test func indexesLeftOffByAnInterruptedLoadAreBuiltAtOpen() throws {
        let test = try TestStore()
        let before = try test.store.read(Self.indexes)
        try test.store.writer.write { db in
            try AggregateRebuild.suspend(db)
            try IndexSuspension.suspend(db)
            try db.execute(
                sql: "UPDATE settings SET value = '2147483000' WHERE key = ?", arguments: [AggregateRebuild.loaderKey])
        }
        let contact = try test.store.create(.contact, ["name": .text("Written while suspended")])
        var announced: [String] = []
        let reopened = try Store.open(path: test.path, onUpgrade: { announced += $0 })
        #expect(announced.count == 1)
        try reopened.read { (db: Database) throws in
            #expect(try Self.indexes(db) == before)
            #expect(try !IndexSuspension.isSuspended(db))
            #expect(try Self.automerge(db) == IndexSuspension.defaultAutomerge)
        }
        #expect(try reopened.contacts(after: nil, limit: 10).map(\.id).contains(contact))
        #expect(try reopened.check() == [])
    }
}
