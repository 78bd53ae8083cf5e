// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Logging
import PostgresNIO

/// The many-instance `LogStore`: PostgreSQL through a PostgresNIO connection pool.
///
/// Several `crm-server` processes may share one database. Pushes of one tenant serialise on the
/// tenant row (SYNC.md 3.6), so seq order equals commit order and a pull never skips a change
/// that commits later with a lower seq; other tenants push in parallel. Behaviour (duplicates,
/// gaps, conflicts, pages) is the SQLite store's, statement for statement.
///
/// ```swift
/// let store = try PostgresLogStore(url: "postgres://crm@127.0.0.1:5432/crm")
/// try await store.migrate()
/// ```
public final class PostgresLogStore: LogStore {
    let client: PostgresClient
    let logger: Logger
    /// This instance's copy of the tenants' newest log rows, for pulls (`PostgresTailPart`).
    let tail: TenantTail
    public var pullTail: TenantTail? { tail }
    let tokenTenants = TokenTenants()
    /// The sessions this instance read, each checked against its tenant's auth revision where a
    /// push writes (`PostgresUnlockedPush`, `PostgresTenantPushScope`).
    let sessions = SessionCache()
    private let runner: Task<Void, Never>

    /// Connects to the database at `url`; the pool runs until the store is released.
    ///
    /// By default connections open on demand and each idle one is pinged and closed after a
    /// minute. `keepsConnections` (what `crm-server serve` uses) opens all `maximumConnections`
    /// at start and keeps them without pings: PostgresNIO's pool arms a keep-alive and an idle
    /// timer each time a connection goes back idle, a task and a Dispatch timer per request, about
    /// 8% of an instance's CPU under sync load (Docs/BENCHMARKS.md, 2026-12-05). A connection that
    /// breaks fails the request that uses it and the pool opens a new one.
    ///
    /// `pullCacheRows` of the tenants' newest log rows are kept in this instance's memory for
    /// pulls (`TenantTail`; 0: none), each instance its own.
    public init(
        url: String, maximumConnections: Int = 20, keepsConnections: Bool = false,
        pullCacheRows: Int = TenantTail.defaultRowBudget, logger: Logger = Logger(label: "crm-server.postgres")
    ) throws {
        let configuration = try PostgresDatabaseURL(url).clientConfiguration(
            maximumConnections: maximumConnections, keepsConnections: keepsConnections)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        tail = TenantTail(rowBudget: pullCacheRows)
        runner = Task { await client.run() }
    }

    deinit { runner.cancel() }

    /// Runs `body` on one pooled connection, outside any explicit transaction.
    func withSQL<T: Sendable>(_ body: (PostgresExecutor) async throws -> T) async throws -> T {
        let logger = logger
        return try await client.withConnection { connection in
            try await body(PostgresExecutor(connection: connection, logger: logger))
        }
    }

    /// Runs `body` in one transaction begun with `begin`; commits on return, rolls back on a throw
    /// and rethrows the original error (so `StoreError`s reach the HTTP layer unchanged).
    func transaction<T: Sendable>(
        _ begin: PostgresQuery = "BEGIN ISOLATION LEVEL READ COMMITTED", _ body: (PostgresExecutor) async throws -> T
    ) async throws -> T {
        try await withSQL { sql in
            try await sql.run(begin)
            do {
                let value = try await body(sql)
                try await sql.run("COMMIT")
                return value
            } catch {
                try? await sql.run("ROLLBACK")
                throw error
            }
        }
    }

    public func migrate() async throws {
        try await transaction { sql in try await Self.migrate(sql) }
    }

    public func addTenant(name: String, now: Int64) async throws -> TenantRecord {
        let record = TenantRecord(id: UUID().uuidString.lowercased(), name: name, lastSeq: 0, epoch: Self.newEpoch())
        let inserted = try await withSQL { sql in
            try await sql.row(
                """
                INSERT INTO tenants (id, name, last_seq, epoch, created_at)
                VALUES (\(record.id), \(name), 0, \(record.epoch), \(now))
                ON CONFLICT (name) DO NOTHING RETURNING id
                """) != nil
        }
        guard inserted else { throw StoreError.tenantExists(name) }
        return record
    }

    public func tenant(named name: String) async throws -> TenantRecord? {
        try await withSQL { sql in
            guard let row = try await sql.row("SELECT id, name, last_seq, epoch FROM tenants WHERE name = \(name)")
            else { return nil }
            return TenantRecord(
                id: try row.value("id"), name: try row.value("name"), lastSeq: try row.value("last_seq"),
                epoch: try row.value("epoch"))
        }
    }

    public func addUser(
        tenantID: String, name: String, email: String?, role: Role, passwordHash: String, now: Int64
    ) async throws -> UserRecord {
        let user = UserRecord(tenantID: tenantID, id: RecordID.make().rawValue, name: name, role: role)
        let inserted = try await transaction { sql in
            try await sql.run("UPDATE tenants SET team_version = team_version + 1 WHERE id = \(tenantID)")
            return try await sql.row(
                """
                INSERT INTO users (tenant_id, id, name, email, role, password_hash, created_at, updated_at)
                VALUES (\(tenantID), \(user.id), \(name), \(email), \(role.rawValue), \(passwordHash), \(now), \(now))
                ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id
                """) != nil
        }
        guard inserted else { throw StoreError.userExists(tenant: tenantID, user: name) }
        return user
    }

    public func userID(tenantID: String, name: String) async throws -> String? {
        try await withSQL { sql in
            try await sql.row("SELECT id FROM users WHERE tenant_id = \(tenantID) AND name = \(name)")?.value("id")
        }
    }

    public func credentials(tenant: String, user: String) async throws -> Credentials? {
        try await withSQL { sql in
            let row = try await sql.row(
                """
                SELECT t.id AS tenant_id, t.epoch, u.id AS user_id, u.role, u.password_hash
                FROM tenants t JOIN users u ON u.tenant_id = t.id
                WHERE t.name = \(tenant) AND u.tenant_id = t.id AND u.name = \(user) AND u.disabled_at IS NULL
                """)
            guard let row, let role = Role(rawValue: try row.value("role")) else { return nil }
            return Credentials(
                tenantID: try row.value("tenant_id"), userID: try row.value("user_id"), role: role,
                passwordHash: try row.value("password_hash"), epoch: try row.value("epoch"))
        }
    }

    /// A fresh database identity, re-minted by any restore or reset.
    static func newEpoch() -> String { UUID().uuidString.lowercased() }
}
