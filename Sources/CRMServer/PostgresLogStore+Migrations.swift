// crm — a terminal-first CRM. Licensed under the MIT License.

import PostgresNIO

extension PostgresLogStore {
    /// One numbered schema step; append new ones, never edit a shipped one.
    struct Migration: Sendable {
        var version: Int64
        var name: String
        var statements: [String]
    }

    /// Every migration, in order.
    ///
    /// `schema_migrations` records which ones ran.
    static let migrations = [
        Migration(version: 1, name: "log", statements: schemaV1),
        Migration(version: 2, name: "team", statements: SQLiteLogStore.teamSchema),
    ]

    /// The advisory lock that serialises `migrate()` across server instances starting at once.
    static let migrationLock: Int64 = 0x6372_6D5F_6D69_67

    /// Applies the missing migrations inside the caller's transaction, under the advisory lock.
    static func migrate(_ sql: PostgresExecutor) async throws {
        try await sql.run("SELECT pg_advisory_xact_lock(\(migrationLock))")
        try await sql.run(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """)
        let applied = Set(
            try await sql.rows("SELECT version FROM schema_migrations").map { try $0.value("version", as: Int64.self) })
        for migration in migrations where !applied.contains(migration.version) {
            for statement in migration.statements { try await sql.run(PostgresQuery(unsafeSQL: statement)) }
            try await sql.run(
                "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))")
        }
    }

    /// The tables of SYNC.md 3.6, as in the SQLite store.
    ///
    /// Every key leads with `tenant_id` but the session's, which is the token's SHA-256
    /// (unguessable, and the row carries its tenant).
    static let schemaV1 = [
        """
        CREATE TABLE tenants (
            id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, last_seq BIGINT NOT NULL DEFAULT 0,
            epoch TEXT NOT NULL, min_retained_seq BIGINT NOT NULL DEFAULT 0,
            latest_snapshot_seq BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE users (
            tenant_id TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, name TEXT NOT NULL,
            role TEXT NOT NULL, password_hash TEXT NOT NULL, created_at BIGINT NOT NULL, disabled_at BIGINT,
            PRIMARY KEY (tenant_id, id), UNIQUE (tenant_id, name))
        """,
        """
        CREATE TABLE devices (
            tenant_id TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, user_id TEXT NOT NULL,
            name TEXT NOT NULL, last_device_seq BIGINT NOT NULL DEFAULT 0, last_pull_seq BIGINT NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL, revoked_at BIGINT,
            PRIMARY KEY (tenant_id, id))
        """,
        """
        CREATE TABLE sessions (
            token_sha256 TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), user_id TEXT NOT NULL,
            device_id TEXT NOT NULL, role TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
            revoked_at BIGINT)
        """,
        "CREATE INDEX sessions_by_user ON sessions (tenant_id, user_id, device_id)",
        """
        CREATE TABLE changes (
            tenant_id TEXT NOT NULL, seq BIGINT NOT NULL, change_id TEXT NOT NULL, device_id TEXT NOT NULL,
            device_seq BIGINT NOT NULL, tx_id BIGINT NOT NULL, hlc BIGINT NOT NULL, hlc_wire TEXT NOT NULL,
            base_hlc TEXT, entity TEXT NOT NULL, entity_id TEXT NOT NULL, op TEXT NOT NULL, field TEXT,
            value TEXT NOT NULL, user_id TEXT NOT NULL, received_at BIGINT NOT NULL, status TEXT NOT NULL,
            PRIMARY KEY (tenant_id, seq), UNIQUE (tenant_id, change_id))
        """,
        "CREATE INDEX changes_by_entity ON changes (tenant_id, entity, entity_id)",
        """
        CREATE UNIQUE INDEX changes_by_device ON changes (tenant_id, device_id, device_seq)
        WHERE op <> 'conflict'
        """,
        """
        CREATE TABLE field_state (
            tenant_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL,
            value TEXT NOT NULL, hlc BIGINT NOT NULL, device_id TEXT NOT NULL, user_id TEXT, seq BIGINT NOT NULL,
            PRIMARY KEY (tenant_id, entity, entity_id, field))
        """,
        """
        CREATE TABLE conflicts (
            tenant_id TEXT NOT NULL, id BIGINT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
            field TEXT NOT NULL, kind TEXT NOT NULL, winner TEXT NOT NULL, loser TEXT NOT NULL,
            seq BIGINT NOT NULL, created_at BIGINT NOT NULL, resolved_at BIGINT,
            PRIMARY KEY (tenant_id, id))
        """,
    ]
}
