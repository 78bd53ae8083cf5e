// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB
import Synchronization

/// Lets the SQLite log's WAL start over while reads never stop (`SQLiteGroupCommitter`).
///
/// SQLite's automatic checkpoint is passive: it copies into the database only the frames that no
/// open read still needs, and the WAL starts again from its beginning only once every frame was
/// copied and no read uses it. Under steady load a pull is always reading, so neither happens: in
/// a run the server could not keep up with, the WAL reached 86 MB, and every read then searches a
/// larger WAL index. Every `checkEvery` groups this asks SQLite how long the WAL is; past
/// `maximumFrames` it runs a RESTART checkpoint, which copies every frame and waits (at most
/// `wait`) for the reads still on the WAL, a pull's millisecond each, so that the next group
/// writes from the WAL's start. Reads go on meanwhile; the next group waits for it. Far behind,
/// eight groups can write more than the limit, so the WAL is kept smaller, not bounded.
final class SQLiteWALRestart: Sendable {
    /// Groups between two looks at the WAL: a passive checkpoint's answer is cheap, not free.
    let checkEvery: Int
    /// 4,096 frames: 16 MiB of 4 KiB pages, four times SQLite's automatic checkpoint threshold.
    let maximumFrames: Int
    /// How long the RESTART checkpoint waits for reads, in ms, before it gives up until next time.
    let wait: Int
    private let groups = Mutex(0)

    init(checkEvery: Int = 8, maximumFrames: Int = 4096, wait: Int = 100) {
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
