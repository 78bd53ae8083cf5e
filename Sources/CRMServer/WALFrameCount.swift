// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB
import GRDBSQLite
import Synchronization

/// How many frames the writer's WAL holds after its latest commit, as SQLite reports it
/// (`sqlite3_wal_hook`), so the group committer can look at the WAL by what was written rather
/// than by how many groups wrote it (`SQLiteWALRestart`).
///
/// The hook takes the place of SQLite's automatic checkpoint, which is itself a WAL hook
/// (`sqlite3_wal_autocheckpoint`), and keeps its bound: past `automaticCheckpointFrames` a commit
/// runs SQLite's passive checkpoint as before.
final class WALFrameCount: Sendable {
    private let frames = Atomic<Int>(0)
    /// The frames past which a commit checkpoints on its own.
    let automaticCheckpointFrames: Int

    init(automaticCheckpointFrames: Int) {
        self.automaticCheckpointFrames = automaticCheckpointFrames
    }

    /// Frames in the WAL after the latest commit seen; 0 before the first.
    var value: Int { frames.load(ordering: .relaxed) }

    /// Installs the hook on `db`, the connection that writes.
    ///
    /// The connection keeps this object for as long as it lives (a retain never given back: the
    /// hook has no call at close, and one small object per opened log is all it holds).
    func watch(_ db: Database) {
        let context = Unmanaged.passRetained(self).toOpaque()
        sqlite3_wal_hook(
            db.sqliteConnection,
            { context, connection, name, frames in
                guard let context else { return SQLITE_OK }
                let count = Unmanaged<WALFrameCount>.fromOpaque(context).takeUnretainedValue()
                count.frames.store(Int(frames), ordering: .relaxed)
                if Int(frames) >= count.automaticCheckpointFrames {
                    // What SQLite's own hook does (`sqlite3WalDefaultHook`); its result is the next
                    // look's to act on, as there.
                    _ = sqlite3_wal_checkpoint(connection, name)
                }
                return SQLITE_OK
            }, context)
    }
}
