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
/// let store = try CRMStore.open(path: "/tmp/crm.sqlite")
/// let contacts = try store.contacts(after: nil, limit: 50)
/// ```
public final class CRMStore: Sendable {
    /// The file path, or ":memory:" for an in-memory store.
    public let path: String
    /// The connection pool (or queue, in tests).
    public let writer: any DatabaseWriter
    let clock: @Sendable () -> Int64

    /// Opens (creating if needed) the database file at `path`.
    ///
    /// Refuses, without touching the file, a path whose folder is missing, a file that is not
    /// SQLite, and a database migrated by a newer crm. `onUpgrade` hears the names of the
    /// migrations an existing file is about to get, before they run: some rebuild summaries of
    /// every deal and take a minute on a large database, and a silent pause looks like a hang.
    public static func open(
        path: String, now: @escaping @Sendable () -> Int64 = CRMStore.systemNow,
        onUpgrade: (([String]) -> Void)? = nil
    ) throws -> CRMStore {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError.folderMissing(path: folder)
        }
        try checkHeader(path: path)
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The writer gets a 64 MiB page cache: with a million rows the indexes and FTS tables
            // outgrow SQLite's 2 MiB default and every write would re-read pages from the OS.
            // Readers keep the default, so the TUI stays small.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -\(CRMStore.normalCacheKiB)") }
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError.notADatabase(path: path)
        }
        return try CRMStore(writer: pool, path: path, now: now, onUpgrade: onUpgrade)
    }

    /// Wraps an open connection: runs migrations and seeds defaults.
    public init(
        writer: any DatabaseWriter, path: String = ":memory:",
        now: @escaping @Sendable () -> Int64 = CRMStore.systemNow,
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
        if applied != nil, !pending.isEmpty { onUpgrade?(pending) }
        try migrator.migrate(writer)
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
    @discardableResult
    public func write<T>(_ body: (ChangeRecorder) throws -> T) throws -> T {
        try writer.write { db in
            let recorder = try ChangeRecorder(db: db, nowMillis: clock())
            let result = try body(recorder)
            try recorder.finish()
            return result
        }
    }

    /// Runs `body` on a read-only snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    private static func checkHeader(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty { return }
        guard header == Data("SQLite format 3\0".utf8) else { throw StoreError.notADatabase(path: path) }
    }
}
