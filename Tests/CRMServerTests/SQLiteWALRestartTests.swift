// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import Testing

@testable import CRMServer

@Suite struct SQLiteWALRestartTests {
    /// A WAL pool on a fresh file with a table of 1 KiB rows, and a second connection to read it.
    static func database() throws -> (DatabasePool, DatabaseQueue, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-wal-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("log.sqlite").path
        let pool = try DatabasePool(path: path)
        try pool.write { db in try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)") }
        // The reader keeps a transaction open between two accesses, which GRDB allows only when asked.
        var reading = Configuration()
        reading.allowsUnsafeTransactions = true
        return (pool, try DatabaseQueue(path: path, configuration: reading), directory)
    }

    static func write(_ rows: Int, to pool: DatabasePool) throws {
        try pool.write { db in
            for _ in 0..<rows { try db.execute(sql: "INSERT INTO t (body) VALUES (randomblob(1024))") }
        }
    }

    /// While a read stays open the passive checkpoint cannot start the WAL over and it keeps
    /// growing; once reads come and go, the restart brings it back to its start, and only when
    /// it is longer than the limit, and only every `checkEvery` groups.
    @Test func restartsALongWALOnceReadsLetIt() async throws {
        let (pool, reader, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.write(200, to: pool)
        // A read that stays open, as a steady stream of pulls always has one.
        try reader.inDatabase { db in
            try db.execute(sql: "BEGIN")
            _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM t")
        }
        try Self.write(600, to: pool)
        let grown = try await pool.writeWithoutTransaction { try SQLiteWALRestart.walFrames($0) }
        #expect(grown > 100)
        let timeout = try await pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA busy_timeout") }

        let restart = SQLiteWALRestart(checkEvery: 2, maximumFrames: 100, wait: 50)
        #expect(await restart.groupCommitted(on: pool) == false, "not due: the first of two groups")
        // Due, but the open read still needs the WAL: the restart gives up after its wait.
        let started = ContinuousClock.now
        #expect(await restart.groupCommitted(on: pool) == false)
        #expect(ContinuousClock.now - started < .seconds(5), "the writer's 30 s timeout was not used")

        try reader.inDatabase { db in try db.execute(sql: "COMMIT") }
        _ = await restart.groupCommitted(on: pool)
        #expect(await restart.groupCommitted(on: pool) == true)
        try Self.write(10, to: pool)
        let after = try await pool.writeWithoutTransaction { try SQLiteWALRestart.walFrames($0) }
        #expect(after >= 0 && after < 100, "the next writes start at the WAL's beginning: \(after) frames")
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 810)
        // The writer's busy timeout is back where it was.
        #expect(try await pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA busy_timeout") } == timeout)
    }

    /// The log's writer leaves checkpoints to the groups: 2,000 pages written in one transaction
    /// stay in the WAL, where SQLite's automatic checkpoint (at 1,000 frames by default) would
    /// have copied them into the database file at once.
    @Test func theLogsWriterLeavesCheckpointsToTheGroups() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-wal-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("log.sqlite").path
        let store = try SQLiteLogStore(path: path)
        try await store.migrate()
        func fileSize() throws -> Int { try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? -1 }
        let before = try fileSize()
        try await store.writer.write { db in
            try db.execute(sql: "CREATE TABLE filler (body BLOB)")
            for _ in 0..<2000 { try db.execute(sql: "INSERT INTO filler VALUES (randomblob(3000))") }
        }
        #expect(try fileSize() - before < 1 << 20, "nothing copied into the file yet")
        let frames = try await store.writer.writeWithoutTransaction { try SQLiteWALRestart.walFrames($0) }
        #expect(frames > 2000, "the passive checkpoint that counts them copies them now")
        #expect(try fileSize() - before > 2000 * 3000)
    }

    /// A look is due every `checkEvery` groups, or sooner once the WAL grew by `lookFrames`
    /// since the last one; a WAL that started over counts from its start again.
    @Test func aLookIsDueByGroupsOrByFramesWritten() {
        let restart = SQLiteWALRestart(checkEvery: 4, lookFrames: 100, maximumFrames: 1000, wait: 50)
        #expect(restart.isDue(frames: 10) == false)
        #expect(restart.isDue(frames: 60) == false)
        #expect(restart.isDue(frames: 110) == true, "110 frames since the start")
        #expect(restart.isDue(frames: 150) == false, "40 since the last look")
        #expect(restart.isDue(frames: 209) == false, "99 since the last look")
        #expect(restart.isDue(frames: 210) == true, "100 since the last look")
        #expect(restart.isDue(frames: 30) == false, "started over: 30 since its start")
        #expect(restart.isDue(frames: 140) == true, "140 since its start")
        #expect(restart.isDue(frames: 150) == false)
        #expect(restart.isDue(frames: 160) == false)
        #expect(restart.isDue(frames: 170) == false)
        #expect(restart.isDue(frames: 180) == true, "the fourth group since the last look")
    }

    /// The writer's hook reports the WAL's length after every commit, and checkpoints on its own
    /// past its bound, as SQLite's automatic checkpoint did.
    @Test func theHookCountsEachCommitsFramesAndKeepsAFarBound() async throws {
        let (pool, _, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let count = WALFrameCount(automaticCheckpointFrames: 300)
        try await pool.writeWithoutTransaction { db in count.watch(db) }
        #expect(count.value == 0)
        try Self.write(20, to: pool)
        let first = count.value
        #expect(first > 5, "three 1 KiB rows a page at most")
        try Self.write(20, to: pool)
        #expect(count.value > first)
        let counted = try await pool.writeWithoutTransaction { db in
            try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)").map {
                (log: $0[1] as Int, copied: $0[2] as Int)
            }
        }
        #expect(counted?.log == count.value, "the hook's count is the WAL's length")
        // Past the bound a commit copies the WAL into the file by itself.
        let file = directory.appendingPathComponent("log.sqlite").path
        func fileSize() throws -> Int { try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? -1 }
        let before = try fileSize()
        try Self.write(1200, to: pool)
        #expect(count.value >= 300)
        #expect(try fileSize() - before > 300 * 1024, "checkpointed at the commit that passed 300 frames")
    }

    /// A short WAL is left alone.
    @Test func leavesAShortWALAlone() async throws {
        let (pool, _, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.write(20, to: pool)
        let restart = SQLiteWALRestart(checkEvery: 1, maximumFrames: 4096, wait: 50)
        #expect(await restart.groupCommitted(on: pool) == false)
    }
}
