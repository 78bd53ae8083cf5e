// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB

/// The local CRM database: one SQLite file in WAL mode, read by many, written through one path.
///
/// Readers (lists, search, analytics workers) use the pool's snapshot-isolated readers and never
/// block the writer. Every mutation goes through `write(_:)`, which hands out the
/// `ChangeRecorder` that appends the change log in the same transaction.
///
/// ```swift
/// let store = try Store.open(path: "/tmp/crm.sqlite")
/// let contacts = try store.contacts(after: nil, limit: 50)
/// ```
public final class Store: Sendable {
    /// The file path, or ":memory:" for an in-memory store.
    public let path: String
    /// The connection pool (or queue, in tests).
    ///
    /// Internal: the store is sealed, and every query other modules need is a typed method here
    /// (Docs/ARCHITECTURE.md, "The sealed store").
    let writer: any DatabaseWriter
    let clock: @Sendable () -> Int64

    /// Opens (creating if needed) the database file at `path`.
    ///
    /// Refuses, without touching the file, a path whose folder is missing, a file that is not
    /// SQLite, a zero-byte file (unless `allowEmpty`: `crm init` makes it a database), and a
    /// database migrated by a newer crm. `onUpgrade` hears the names of the migrations an
    /// existing file is about to get, before they run: some rebuild summaries of every deal and
    /// take a minute on a large database, and a silent pause looks like a hang.
    ///
    /// Opening takes no write lock unless a migration or first-run seeding is due, so reads work
    /// while another process writes. A file this process may not write is opened read-only
    /// (`StoreAccess`): reads work, writes fail with `StoreError.readOnly`. A write that meets
    /// another process's write waits up to 10 s, calling `onWait` after the first second, then
    /// fails with `StoreError.busy`.
    public static func open(
        path: String, now: @escaping @Sendable () -> Int64 = Store.systemNow, allowEmpty: Bool = false,
        onUpgrade: (([String]) -> Void)? = nil, onWait: (@Sendable () -> Void)? = nil
    ) throws -> Store {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError.folderMissing(path: folder)
        }
        try checkHeader(path: path, allowEmpty: allowEmpty)
        var config = configuration(onWait: onWait)
        do {
            if StoreAccess.isReadOnly(path: path) {
                config.readonly = true
                let queue = try DatabaseQueue(path: StoreAccess.immutableURI(path: path), configuration: config)
                return try Store(writer: queue, path: path, now: now, readOnly: true)
            }
            let pool = try DatabasePool(path: path, configuration: config)
            return try Store(writer: pool, path: path, now: now, onUpgrade: onUpgrade)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError.notADatabase(path: path)
        } catch let error as DatabaseError {
            if let known = StoreError(error, path: path) { throw known }
            throw error
        }
    }

    /// The connection settings every open uses: the busy handler, and for a connection that
    /// may write, `synchronous = NORMAL` and the writer's page cache.
    static func configuration(onWait: (@Sendable () -> Void)?) -> Configuration {
        var config = Configuration()
        config.busyMode = StoreAccess.busyMode(onWait: onWait)
        config.prepareDatabase { db in
            if db.configuration.readonly { return }
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The writer gets a 64 MiB page cache: with a million rows the indexes and FTS tables
            // outgrow SQLite's 2 MiB default and every write would re-read pages from the OS.
            // Readers keep the default, so the TUI stays small.
            try db.execute(sql: "PRAGMA cache_size = -\(Store.normalCacheKiB)")
        }
        return config
    }

    /// Wraps an open connection: runs the migrations and first-run seeding that are due.
    ///
    /// Each is checked with a read first, so an up-to-date database is opened without taking
    /// the write lock. A `readOnly` store runs none and refuses a database that needs one.
    init(
        writer: any DatabaseWriter, path: String = ":memory:",
        now: @escaping @Sendable () -> Int64 = Store.systemNow, readOnly: Bool = false,
        onUpgrade: (([String]) -> Void)? = nil
    ) throws {
        self.writer = writer
        self.path = path
        self.clock = now
        let migrator = Schema.migrator()
        let applied = try writer.read { db -> [String]? in
            guard try db.tableExists("grdb_migrations") else { return nil }
            return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        let unknown = (applied ?? []).filter { !migrator.migrations.contains($0) }
        guard unknown.isEmpty else { throw StoreError.newerSchema(path: path, unknown: unknown) }
        let pending = migrator.migrations.filter { !(applied ?? []).contains($0) }
        if readOnly {
            guard pending.isEmpty else { throw StoreError.readOnly(path: path, needing: "an upgrade for this version") }
            return
        }
        if applied != nil, !pending.isEmpty { onUpgrade?(pending) }
        if !pending.isEmpty { try migrator.migrate(writer) }
        if try writer.read({ db in try AggregateRebuild.needsRepair(db) }) {
            onUpgrade?(["rebuilding indexes and analytics summaries after an interrupted bulk load"])
            try writer.write { db in
                try IndexSuspension.restore(db)
                try AggregateRebuild.rebuild(db)
            }
        }
        try Seed.ensure(self)
        try materialiseUnknownFields(schema: migrator.migrations.last ?? "")
    }

    /// Wraps a connection `openForReading` found ready: nothing to migrate, repair or seed.
    init(opened writer: any DatabaseWriter, path: String, now: @escaping @Sendable () -> Int64) {
        self.writer = writer
        self.path = path
        self.clock = now
    }

    /// Merges values an older version kept for fields this version knows (`UnknownField`).
    ///
    /// Once per schema: what this binary knows changes only with a new migration, so later
    /// opens skip the kept rows (there may be a value per record) instead of re-reading them.
    private func materialiseUnknownFields(schema: String) throws {
        let due = try writer.read { db in
            try Self.setting(db, UnknownField.checkedKey) != schema
                && (try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM unknown_fields)") ?? false)
        }
        guard due else { return }
        try writer.write { db in
            var applier = RemoteApplier(db: db, nowMillis: clock())
            try applier.apply(try UnknownField.materialise(db), logged: false)
            try Self.setSetting(db, UnknownField.checkedKey, schema)
        }
    }

    /// The wall clock in UTC milliseconds.
    public static let systemNow: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Now, as this store sees it (injectable for tests).
    public var nowMillis: Int64 { clock() }

    /// Runs `body` in one write transaction with the change recorder; all or nothing.
    ///
    /// Refused (`StoreError.checkFailed`) while the last `crm check` has failed (`CheckGate`).
    @discardableResult
    public func write<T>(_ body: (ChangeRecorder) throws -> T) throws -> T {
        try writer.write { db in
            try CheckGate.ensureWritable(db, path: path)
            let recorder = try ChangeRecorder(db: db, nowMillis: clock())
            let result = try body(recorder)
            try recorder.finish()
            return result
        }
    }

    /// Runs `body` on a read-only snapshot.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    static func checkHeader(path: String, allowEmpty: Bool) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty {
            if allowEmpty { return }
            throw StoreError.emptyFile(path: path)
        }
        guard header == Data("SQLite format 3\0".utf8) else { throw StoreError.notADatabase(path: path) }
    }
}
