// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import GRDB

/// The single-host `LogStore`: one SQLite file in WAL mode with `synchronous=FULL`.
///
/// FULL (not NORMAL) makes every acknowledged push survive power loss, so the server never
/// goes back in time (SYNC.md 3.11). Writes serialise on SQLite's one writer, which is the
/// per-tenant lock of SYNC.md 3.6 for free: seq order equals commit order. Pushes and logins go
/// through a `SQLiteGroupCommitter`, so concurrent ones share one transaction and one fsync
/// while each still succeeds or fails on its own.
///
/// ```swift
/// let store = try SQLiteLogStore(path: "/var/lib/crm/server.sqlite")
/// try await store.migrate()
/// ```
public struct SQLiteLogStore: LogStore {
    let writer: any DatabaseWriter
    /// Batches concurrent pushes and logins into shared transactions.
    public let committer: SQLiteGroupCommitter
    /// Read-only connections for the reads every request makes (the token, a pull).
    ///
    /// They run on the caller's thread (`requestRead`). Nil for a writer that is not a file (tests).
    let requestReader: SQLiteRequestReaders?
    /// The newest rows of each tenant's log, which most pulls read instead of the log.
    let tail: TenantTail
    public var pullTail: TenantTail? { tail }
    /// Sessions read, which pushes and pulls check against their tenant's auth revision.
    let sessions = SessionCache()

    /// Opens (or creates) the database file at `path` as a WAL pool, keeping up to
    /// `pullCacheRows` of the tenants' newest log rows in memory for pulls (`TenantTail`; 0: none).
    public init(path: String, pullCacheRows: Int = TenantTail.defaultRowBudget) throws {
        let writer = try DatabasePool(path: path, configuration: Self.configuration())
        // GRDB's pool sets `synchronous = NORMAL` on its writer after `prepareDatabase` ran: in
        // WAL mode NORMAL syncs only at checkpoints, so an acknowledged push could be lost to a
        // power cut. FULL again, on the one connection that writes (Docs/BENCHMARKS.md,
        // 2026-12-04 evening: 7 fdatasync calls for about 3,400 pushes before this).
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA cache_size = -\(Self.writerCacheKiB)")
        }
        try SQLiteStatementTrace.installIfRequested(on: writer)
        let readers = try SQLiteRequestReaders(
            path: path, configuration: Self.configuration(), kept: Self.requestReaders)
        self.init(writer: writer, requestReader: readers, tail: TenantTail(rowBudget: pullCacheRows))
        // The group committer checkpoints (`SQLiteWALRestart`), looking at the WAL's length after
        // each commit; SQLite's own checkpoint, every commit once the WAL passed its limit, copied
        // each group's pages on their own, and stays only as a far bound (`WALFrameCount`).
        let walRestart = committer.walRestart
        writer.writeWithoutTransaction { db in walRestart.watch(db) }
    }

    /// Uses an existing writer (an in-memory `DatabaseQueue` in tests).
    public init(writer: any DatabaseWriter) {
        self.init(writer: writer, requestReader: nil)
    }

    init(writer: any DatabaseWriter, requestReader: SQLiteRequestReaders?, tail: TenantTail = TenantTail()) {
        self.writer = writer
        self.requestReader = requestReader
        self.tail = tail
        committer = SQLiteGroupCommitter(writer: writer)
    }

    /// The page cache of the one connection that writes, in KiB.
    ///
    /// Every push walks the `field_state` key and the log's `(tenant_id, change_id)` index at
    /// random places; with SQLite's default 2 MiB, reading the pages back in with `pread` was 18 %
    /// of the writer's thread at 7,000 devices (Docs/BENCHMARKS.md, 2026-12-05). Unlike the
    /// request readers' caches, which another connection's commit empties, the writer's lasts.
    /// 256 MiB: at 24,000 devices the file passed 180 MB in a minute, and 64 MiB read 7,000 pages
    /// a second back (none at 256; Docs/BENCHMARKS.md, 2026-12-06, thirteenth session).
    static let writerCacheKiB = 262_144

    /// How many request readers' connections stay open between reads: more than the threads that
    /// can ask for one, so a request read seldom opens a connection.
    static let requestReaders = max(8, 2 * ProcessInfo.processInfo.activeProcessorCount)

    /// A read in a transaction, run on the calling thread for a file database.
    ///
    /// GRDB's async reads hop to a dispatch queue and back: two thread wake-ups per read, which
    /// were the largest share of an empty pull's CPU (Docs/BENCHMARKS.md, 2026-12-04 evening). A
    /// read of the log is short and in WAL mode never waits for the writer, so the calling thread
    /// runs it itself, on a connection of `requestReader` that no other read uses meanwhile (one
    /// is opened when all are lent, so a read never waits for another).
    func requestRead<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if let requestReader { return try Self.readHere(requestReader, body) }
        return try await writer.read(body)
    }

    /// One statement, atomic by itself: like `requestRead` without the transaction around it.
    func requestStatement<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if let requestReader { return try Self.statementHere(requestReader, body) }
        return try await writer.unsafeRead(body)
    }

    /// A read in a transaction of statements prepared once per connection: GRDB's own `read`
    /// parses BEGIN, COMMIT and two `PRAGMA query_only` on every call.
    static func readHere<T>(_ readers: SQLiteRequestReaders, _ body: (Database) throws -> T) throws -> T {
        try readers.read { db in
            try db.cachedStatement(sql: "BEGIN DEFERRED").execute()
            do {
                let value = try body(db)
                try db.cachedStatement(sql: "COMMIT").execute()
                return value
            } catch {
                // The connection goes back to the pool: never with a transaction still open.
                if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK").execute() }
                throw error
            }
        }
    }

    private static func statementHere<T>(_ readers: SQLiteRequestReaders, _ body: (Database) throws -> T) throws -> T {
        try readers.read(body)
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Each push of a group runs in a savepoint; once a group's savepoint journal passed
            // 64 KiB, SQLite spilled it to a temporary file created and deleted per transaction.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // A plan fixed at prepare time: otherwise the push's register reads were prepared
            // again on every use because of the mail gateway's partial indexes.
            try SQLitePlannerStability.enable(on: db)
        }
        return configuration
    }

    public func migrate() async throws {
        try Self.migrator.migrate(writer)
    }

    public func addTenant(name: String, now: Int64) async throws -> TenantRecord {
        let record = TenantRecord(id: UUID().uuidString.lowercased(), name: name, lastSeq: 0, epoch: Self.newEpoch())
        try await writer.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM tenants WHERE name = ?", arguments: [name]) == nil else {
                throw StoreError.tenantExists(name)
            }
            try db.execute(
                sql: "INSERT INTO tenants (id, name, last_seq, epoch, created_at) VALUES (?, ?, 0, ?, ?)",
                arguments: [record.id, name, record.epoch, now])
        }
        return record
    }

    public func tenant(named name: String) async throws -> TenantRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT id, name, last_seq, epoch FROM tenants WHERE name = ?", arguments: [name])
                .map { TenantRecord(id: $0["id"], name: $0["name"], lastSeq: $0["last_seq"], epoch: $0["epoch"]) }
        }
    }

    public func addUser(
        tenantID: String, name: String, email: String?, role: Role, passwordHash: String, now: Int64
    ) async throws -> UserRecord {
        let user = UserRecord(tenantID: tenantID, id: RecordID.make().rawValue, name: name, role: role)
        try await writer.write { db in
            let taken = try Row.fetchOne(
                db, sql: "SELECT 1 FROM users WHERE tenant_id = ? AND name = ?", arguments: [tenantID, name])
            guard taken == nil else { throw StoreError.userExists(tenant: tenantID, user: name) }
            try db.execute(
                sql: """
                    INSERT INTO users (tenant_id, id, name, email, role, password_hash, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [tenantID, user.id, name, email, role.rawValue, passwordHash, now, now])
            try db.execute(sql: TeamSQL.bumpVersion, arguments: [tenantID])
        }
        return user
    }

    public func userID(tenantID: String, name: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(
                db, sql: "SELECT id FROM users WHERE tenant_id = ? AND name = ?", arguments: [tenantID, name])
        }
    }

    public func credentials(tenant: String, user: String) async throws -> Credentials? {
        try await writer.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT t.id AS tenant_id, t.epoch, u.id AS user_id, u.role, u.password_hash
                    FROM tenants t JOIN users u ON u.tenant_id = t.id
                    WHERE t.name = ? AND u.tenant_id = t.id AND u.name = ? AND u.disabled_at IS NULL
                    """,
                arguments: [tenant, user])
            guard let row, let role = Role(rawValue: row["role"]) else { return nil }
            return Credentials(
                tenantID: row["tenant_id"], userID: row["user_id"], role: role, passwordHash: row["password_hash"],
                epoch: row["epoch"])
        }
    }

    /// A fresh database identity, re-minted by any restore or reset.
    static func newEpoch() -> String { UUID().uuidString.lowercased() }
}
