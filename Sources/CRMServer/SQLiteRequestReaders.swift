// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB
import Synchronization

/// Read-only connections to the log for the reads every request makes, each lent to one caller at
/// a time and run on the caller's thread (`SQLiteLogStore.requestRead`).
///
/// A GRDB `DatabasePool` did this before. Its every read first runs `PRAGMA schema_version`, so
/// that GRDB's own cache of the schema follows another connection's migration, and outside our
/// transaction that statement is a read transaction of its own: every pull began and ended two.
/// The store's reads use no part of that cache (statements are prepared by SQLite, which prepares
/// them again itself after a schema change), and the schema changes only in the migrations, before
/// the server answers. With the pool's semaphore and lending queue, that was 4.4 % of the server's
/// samples at 24,000 devices, for reads whose own work was 3.0 % (Docs/BENCHMARKS.md, 2026-12-07,
/// twenty-first session).
///
/// A read takes the last connection given back (its page cache the warmest) or opens one when all
/// are lent; at most `kept` connections wait between reads, the others are closed when given back.
/// Reads are synchronous and short, so as many are lent at once as threads ask: a few.
final class SQLiteRequestReaders: Sendable {
    private let path: String
    private let configuration: Configuration
    /// How many idle connections are kept for the next reads.
    let kept: Int
    private let idle = Mutex<[DatabaseQueue]>([])

    /// Opens one connection to `path` now, so a file that cannot be read fails here, not at the
    /// first request.
    init(path: String, configuration: Configuration, kept: Int) throws {
        var configuration = configuration
        configuration.readonly = true
        self.path = path
        self.configuration = configuration
        self.kept = kept
        let first = try DatabaseQueue(path: path, configuration: configuration)
        idle.withLock { $0.append(first) }
    }

    /// Runs `body` on the calling thread with a connection no other caller uses meanwhile.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        let connection = try idle.withLock { $0.popLast() } ?? DatabaseQueue(path: path, configuration: configuration)
        defer { giveBack(connection) }
        return try connection.inDatabase(body)
    }

    /// Connections open and waiting for a read (for tests).
    var idleCount: Int { idle.withLock { $0.count } }

    /// Keeps `connection` for the next read unless `kept` already wait; one not kept is closed
    /// when the caller's last reference to it goes, outside the lock.
    private func giveBack(_ connection: DatabaseQueue) {
        let kept = self.kept
        idle.withLock { idle in
            if idle.count < kept { idle.append(connection) }
        }
    }
}
