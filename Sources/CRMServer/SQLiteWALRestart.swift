// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB
import Synchronization

/// Checkpoints the SQLite log's WAL every few groups, and lets it start over while reads never
/// stop (`SQLiteGroupCommitter`).
///
/// Every `checkEvery` groups this runs a passive checkpoint, which copies into the database the
/// frames no open read still needs and answers how long the WAL is. A page that several groups of
/// that stretch wrote (an index's leaf, the tail of a tenant's log) is copied once, where SQLite's
/// automatic checkpoint, which runs after every commit once the WAL passed 1,000 frames, copied
/// each group's pages on its own: with it raised out of the way (`automaticCheckpointFrames`) and
/// a look every 32 groups instead of 8, 24,000 devices were served 3,829 and 4,433 requests/s
/// instead of 3,727 and 3,494 in alternating runs (Docs/BENCHMARKS.md, 2026-12-06, eleventh
/// session).
///
/// The WAL starts again from its beginning only once every frame was copied and no read uses it.
/// Under steady load a pull is always reading, so that seldom happens: in a run the server could
/// not keep up with, the WAL reached 86 MB, and every read then searches a larger WAL index. Past
/// `maximumFrames` this runs a RESTART checkpoint, which copies every frame and waits (at most
/// `wait`) for the reads still on the WAL, a pull's millisecond each, so that the next group
/// writes from the WAL's start. Reads go on meanwhile; the next group waits for it. Far behind,
/// the groups between two looks can write more than the limit, so the WAL is kept smaller, not
/// bounded.
final class SQLiteWALRestart: Sendable {
    /// The WAL's length past which a look restarts it: 64 MiB of 4 KiB pages.
    static let restartFrames = 16_384
    /// SQLite's automatic checkpoint on the writer, 1 GiB of frames: a bound for writes outside
    /// the groups (an admin's, a migration's), far above what the groups between two looks write
    /// (24,000 devices: about 3,000 frames a group, 32 groups).
    ///
    /// At the restart limit, where it was, those groups passed it five groups after each restart,
    /// and from then on SQLite copied each group's pages after its COMMIT on the writer's thread:
    /// 20,000 page copies a second instead of 5,900, the writer's groups fell behind, and 24,000
    /// devices were served 4,583 requests/s (push p99 1.8 s, 3,197 errors) instead of 4,788 (push
    /// p99 0.54 s, none; Docs/BENCHMARKS.md, 2026-12-06, thirteenth session).
    static let automaticCheckpointFrames = 262_144
    /// Groups between two checkpoints: more copy a hot page fewer times, fewer keep the WAL short.
    let checkEvery: Int
    /// `restartFrames` unless a test says otherwise.
    let maximumFrames: Int
    /// How long the RESTART checkpoint waits for reads, in ms, before it gives up until next time.
    let wait: Int
    private let groups = Mutex(0)

    init(checkEvery: Int = 32, maximumFrames: Int = restartFrames, wait: Int = 100) {
        self.checkEvery = checkEvery
        self.maximumFrames = maximumFrames
        self.wait = wait
    }

    /// Counts a committed group; every `checkEvery`th, restarts the WAL when it is too long.
    ///
    /// Answers whether it restarted (for tests). Failures are left to the next look: the log is
    /// as durable without a checkpoint, only slower to read.
    @discardableResult
    func groupCommitted(on writer: any DatabaseWriter) async -> Bool {
        let due = groups.withLock { count in
            count += 1
            return count % checkEvery == 0
        }
        guard due else { return false }
        let maximumFrames = self.maximumFrames
        let wait = self.wait
        return
            (try? await writer.writeWithoutTransaction { db in
                guard try Self.walFrames(db) > maximumFrames else { return false }
                // The writer's own busy timeout is 30 s, for writes; a checkpoint that cannot finish
                // soon is better left to the next look.
                let busy = try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? 0
                try db.execute(sql: "PRAGMA busy_timeout = \(wait)")
                defer { try? db.execute(sql: "PRAGMA busy_timeout = \(busy)") }
                let blocked: Int? = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(RESTART)")?[0]
                return blocked == 0
            }) ?? false
    }

    /// Frames in the WAL now (`PRAGMA wal_checkpoint(PASSIVE)`'s second column), -1 outside WAL mode.
    static func walFrames(_ db: Database) throws -> Int {
        try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")?[1] ?? -1
    }
}
