// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB

extension Store {
    /// Opens the database at `path` for a command that only reads: one connection instead of a
    /// pool's writer and reader, and one read that checks nothing is due.
    ///
    /// Why: `crm search` and `crm contact list` run as whole processes in scripts' loops, and a
    /// pool opens two connections, each parsing the schema, and checks migrations, repairs,
    /// seeding and kept values in four transactions: about a tenth of such a process
    /// (Docs/BENCHMARKS.md). The connection is an ordinary one on the WAL file, so the reads are
    /// WAL reads that never wait on a writer, and a write through it still works.
    ///
    /// Anything due (a migration, a repair after an interrupted bulk load, first-run seeding, kept
    /// values this version can merge) and a file this process may not write take `open(path:)`,
    /// which does the work, so a reading command sees the same database a writing one would.
    public static func openForReading(
        path: String, now: @escaping @Sendable () -> Int64 = Store.systemNow,
        onUpgrade: (([String]) -> Void)? = nil, onWait: (@Sendable () -> Void)? = nil
    ) throws -> Store {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: path), FileManager.default.isWritableFile(atPath: folder),
            !StoreAccess.isReadOnly(path: path)
        else { return try open(path: path, now: now, onUpgrade: onUpgrade, onWait: onWait) }
        try checkHeader(path: path, allowEmpty: false)
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration(onWait: onWait))
            let migrations = Schema.migrator().migrations
            let ready = try queue.read { db in try Self.nothingDue(db, migrations: migrations) }
            guard ready else { return try open(path: path, now: now, onUpgrade: onUpgrade, onWait: onWait) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError.notADatabase(path: path)
        } catch let error as DatabaseError {
            if let known = StoreError(error, path: path) { throw known }
            throw error
        }
        return Store(opened: queue, path: path, now: now)
    }

    /// Whether a database needs none of what `init(writer:)` would do on open.
    static func nothingDue(_ db: Database, migrations: [String]) throws -> Bool {
        guard try db.tableExists("grdb_migrations") else { return false }
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        guard applied.count == migrations.count, Set(applied) == Set(migrations) else { return false }
        guard !(try AggregateRebuild.needsRepair(db)) else { return false }
        let seeded =
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM clock) AND EXISTS (SELECT 1 FROM stages)") ?? false
        guard seeded else { return false }
        let keptValues = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM unknown_fields)") ?? false
        guard keptValues else { return true }
        return try setting(db, UnknownField.checkedKey) == migrations.last
    }
}
