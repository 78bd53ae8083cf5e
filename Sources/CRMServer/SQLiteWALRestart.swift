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
/// A look is also due once the WAL grew by `lookFrames` since the last one, which the writer's
/// WAL hook tells after every commit (`WALFrameCount`). Behind, groups grow (up to 500 pushes),
/// and 32 of them wrote up to 146,000 frames between two looks: the WAL grew to 683 MB, each new
/// frame past the file's old end zeroed by the kernel first (5.3 % of the server's samples at
/// 24,000 devices; Docs/BENCHMARKS.md, 2026-12-06, fifteenth session).
///
/// The WAL starts again from its beginning only once every frame was copied and no read uses it.
/// Under steady load a pull is always reading, so that seldom happens: in a run the server could
/// not keep up with, the WAL reached 86 MB, and every read then searches a larger WAL index. Past
/// `maximumFrames` this runs a RESTART checkpoint, which copies every frame and waits (at most
/// `wait`) for the reads still on the WAL, a pull's millisecond each, so that the next group
/// writes from the WAL's start. Reads go on meanwhile; the next group waits for it. One group can
/// write more than the limit by itself, and a restart can wait in vain, so the WAL is kept
/// short, not bounded.
final class SQLiteWALRestart: Sendable {
    /// The WAL's length past which a look restarts it: 64 MiB of 4 KiB pages.
    static let restartFrames = 16_384
    /// SQLite's automatic checkpoint on the writer, 1 GiB of frames (kept by `WALFrameCount`): a
    /// bound for writes outside the groups (an admin's, a migration's), far above what the groups
    /// between two looks write (24,000 devices kept up with: 1,000 to 5,000 frames in 32 groups).
    ///
    /// At the restart limit, where it was, those groups passed it five groups after each restart,
    /// and from then on SQLite copied each group's pages after its COMMIT on the writer's thread:
    /// 20,000 page copies a second instead of 5,900, the writer's groups fell behind, and 24,000
    /// devices were served 4,583 requests/s (push p99 1.8 s, 3,197 errors) instead of 4,788 (push
    /// p99 0.54 s, none; Docs/BENCHMARKS.md, 2026-12-06, thirteenth session).
    static let automaticCheckpointFrames = 262_144
    /// Frames written since the last look that make the next one due whatever the groups' count.
    ///
    /// 128 MiB of 4 KiB pages, a few seconds of 24,000 devices' pushes. A look copies each
    /// page once however often it was written since the last, so a short stretch copies more:
    /// with looks due every 4,096 frames the server wrote 27 to 30 KB a pushed change, with
    /// 32,768 19 to 25 KB, with 32 groups alone 18.5 to 22.6 KB (Docs/BENCHMARKS.md, 2026-12-06,
    /// fifteenth session).
    static let lookFrames = 32_768
    /// Groups between two checkpoints: more copy a hot page fewer times, fewer keep the WAL short.
    let checkEvery: Int
    /// Frames written since the last look that make a look due (`lookFrames`).
    let lookFrames: Int
    /// `restartFrames` unless a test says otherwise.
    let maximumFrames: Int
    /// How long the RESTART checkpoint waits for reads, in ms, before it gives up until next time.
    let wait: Int
    /// The writer's WAL length after each commit, once `watch` installed its hook.
    let frames = WALFrameCount(automaticCheckpointFrames: automaticCheckpointFrames)
    private let looks = Mutex(Looks())

    /// Groups committed, and the WAL's length, since the last look.
    private struct Looks {
        var groups = 0
        var frames = 0
    }

    init(checkEvery: Int = 32, lookFrames: Int = lookFrames, maximumFrames: Int = restartFrames, wait: Int = 100) {
        self.checkEvery = checkEvery
        self.lookFrames = lookFrames
        self.maximumFrames = maximumFrames
        self.wait = wait
    }

    /// Counts the frames of the commits on `db`, the connection that writes, in place of
    /// SQLite's automatic checkpoint (`WALFrameCount`).
    func watch(_ db: Database) {
        frames.watch(db)
    }

    /// Counts a committed group; every `checkEvery`th, or once the WAL grew by `lookFrames`,
    /// restarts the WAL when it is too long.
    ///
    /// Answers whether it restarted (for tests). Failures are left to the next look: the log is
    /// as durable without a checkpoint, only slower to read.
    @discardableResult
    func groupCommitted(on writer: any DatabaseWriter) async -> Bool {
        guard isDue(frames: frames.value) else { return false }
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

    /// Whether this group's look is due, the WAL `frames` long after its commit.
    func isDue(frames: Int) -> Bool {
        looks.withLock { looks in
            looks.groups += 1
            // Shorter than at the last look: the WAL started over since.
            if frames < looks.frames { looks.frames = 0 }
            guard looks.groups >= checkEvery || frames - looks.frames >= lookFrames else { return false }
            looks = Looks(groups: 0, frames: frames)
            return true
        }
    }

    /// Frames in the WAL now (`PRAGMA wal_checkpoint(PASSIVE)`'s second column), -1 outside WAL mode.
    static func walFrames(_ db: Database) throws -> Int {
        try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")?[1] ?? -1
    }
}
