// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import Testing

@testable import CRMServer

/// How the SQLite store opens its file: a writer that syncs every commit, read-only request
/// connections that never keep a transaction open, and the log's indexes.
@Suite struct SQLiteLogStoreTests {
    struct Failure: Error {}

    static func store() async throws -> (SQLiteLogStore, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-store-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteLogStore(path: directory.appendingPathComponent("server.sqlite").path)
        try await store.migrate()
        return (store, directory)
    }

    /// GRDB's pool sets `synchronous = NORMAL` on its writer, which syncs the WAL only at
    /// checkpoints; an acknowledged push must survive a power cut, so the writer is FULL (2).
    ///
    /// Its page cache is 256 MiB, not SQLite's 2 MiB, and SQLite's automatic checkpoint gave way
    /// to the writer's WAL hook, which counts each commit's frames and checkpoints on its own only
    /// past a WAL of 1 GiB (`SQLiteWALRestart` checkpoints between groups).
    @Test func theWriterSyncsEveryCommitAndKeepsSavepointJournalsInMemory() async throws {
        let (store, directory) = try await Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (synchronous, tempStore, cacheSize, autocheckpoint) = try await store.writer.writeWithoutTransaction {
            db in
            (
                try Int.fetchOne(db, sql: "PRAGMA synchronous"), try Int.fetchOne(db, sql: "PRAGMA temp_store"),
                try Int.fetchOne(db, sql: "PRAGMA cache_size"), try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint")
            )
        }
        #expect(synchronous == 2, "synchronous = FULL on the connection that commits pushes")
        #expect(tempStore == 2, "temp_store = MEMORY")
        #expect(cacheSize == -SQLiteLogStore.writerCacheKiB, "the writer's page cache in KiB")
        // SQLite's own checkpoint stays out of the groups' way: the hook that replaced it checkpoints
        // far above the WAL's restart limit.
        #expect(autocheckpoint == 0, "no automatic checkpoint of SQLite's own: the WAL hook took its place")
        let frames = store.committer.walRestart.frames
        #expect(frames.automaticCheckpointFrames == SQLiteWALRestart.automaticCheckpointFrames)
        #expect(SQLiteWALRestart.automaticCheckpointFrames >= 16 * SQLiteWALRestart.restartFrames)
        _ = try await store.addTenant(name: "acme", now: 1)
        #expect(frames.value > 0, "the writer's commits are counted")
    }

    @Test func requestReadsCannotWrite() async throws {
        let (store, directory) = try await Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        await #expect(throws: DatabaseError.self) {
            try await store.requestStatement { db in
                try db.execute(sql: "UPDATE tenants SET last_seq = 1")
            }
        }
    }

    /// A request read that throws rolls its transaction back: every connection of the pool can
    /// begin the next one (an open transaction would make BEGIN fail).
    @Test func aFailedRequestReadLeavesNoTransactionOpen() async throws {
        let (store, directory) = try await Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        for _ in 0..<(2 * SQLiteLogStore.requestReaders) {
            await #expect(throws: Failure.self) {
                try await store.requestRead { db -> Int in
                    _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM tenants")
                    throw Failure()
                }
            }
            let open = try await store.requestRead { db in db.isInsideTransaction }
            #expect(open, "the read itself runs in a transaction")
            let after = try await store.requestStatement { db in db.isInsideTransaction }
            #expect(!after)
        }
    }

    /// Nothing reads the log by record or by device; each index cost a page per pushed change.
    @Test func theLogHasNoIndexByRecordOrDevice() async throws {
        let (store, directory) = try await Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        let names = try await store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'changes'")
        }
        #expect(!names.contains("changes_by_entity"))
        #expect(!names.contains("changes_by_device"))
        #expect(names.contains { $0.hasPrefix("sqlite_autoindex_changes") }, "UNIQUE (tenant_id, change_id): \(names)")
    }

    /// Migration 7 fills each device's `last_hlc` from its newest change (never a conflict
    /// record), leaves it null for a device without one, and only then drops the index.
    @Test func migrationSevenKeepsEachDevicesLastClockOnItsRow() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-store-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try DatabaseQueue(path: directory.appendingPathComponent("server.sqlite").path)
        try SQLiteLogStore.migrator.migrate(queue, upTo: "6-auth-revision")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO tenants (id, name, epoch, created_at) VALUES ('t', 'acme', 'e', 0)")
            for device in ["a", "b"] {
                try db.execute(
                    sql: "INSERT INTO devices (tenant_id, id, user_id, name, created_at) VALUES ('t', ?, 'u', ?, 0)",
                    arguments: [device, device])
            }
            // Device a's seqs 1 and 2, then the conflict record its seq 2 caused (a later clock).
            for (seq, deviceSeq, hlc, op) in [(1, 1, 100, "set"), (2, 2, 200, "set"), (3, 2, 300, "conflict")] {
                try db.execute(
                    sql: """
                        INSERT INTO changes (tenant_id, seq, change_id, device_id, device_seq, tx_id, hlc, hlc_wire,
                            entity, entity_id, op, field, value, user_id, received_at, status)
                        VALUES ('t', ?, ?, 'a', ?, ?, ?, 'w', 'contact', 'c1', ?, 'name', '"x"', 'u', 0, 'applied')
                        """,
                    arguments: [seq, "id-\(seq)", deviceSeq, deviceSeq, hlc, op])
            }
        }
        try SQLiteLogStore.migrator.migrate(queue)
        let (clocks, indexes) = try queue.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT id, last_hlc FROM devices ORDER BY id").map {
                    "\($0["id"] as String)=\(($0["last_hlc"] as Int64?).map(String.init) ?? "null")"
                },
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'")
            )
        }
        #expect(clocks == ["a=200", "b=null"])
        #expect(!indexes.contains("changes_by_device"))
    }
}
