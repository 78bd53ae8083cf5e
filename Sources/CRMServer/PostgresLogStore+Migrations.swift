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
        Migration(version: 3, name: "no-entity-index", statements: SQLiteLogStore.noEntityIndex),
        Migration(version: 4, name: "mail-lookups", statements: MailRecordsSQL.postgres.indexes),
        Migration(version: 5, name: "log-revision", statements: logRevisionSchema),
        Migration(version: 6, name: "auth-revision", statements: authRevisionSchema),
        Migration(version: 7, name: "no-device-index", statements: SQLiteLogStore.noDeviceIndex),
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

    /// The tables of SYNC.md 3.6: the SQLite store's statements (`SQLiteLogStore.schemaV1`) in
    /// PostgreSQL's types, 64-bit integers as `BIGINT` and no `WITHOUT ROWID`.
    ///
    /// One text for both stores, so their schemas cannot drift; the translated statements are,
    /// byte for byte, the ones this migration shipped with. Every key leads with `tenant_id` but
    /// the session's, which is the token's SHA-256 (unguessable, and the row carries its tenant).
    static let schemaV1 = SQLiteLogStore.schemaV1.map {
        $0.replacingOccurrences(of: "INTEGER", with: "BIGINT").replacingOccurrences(of: ") WITHOUT ROWID", with: ")")
    }

    /// Migration 5: a tenant's log revision, raised whenever one of its log rows is changed or
    /// removed, as SQLite's store has it (`SQLiteLogStore.logRevisionSchema`).
    ///
    /// The server only appends to the log, so only someone working in the database directly (an
    /// operator repairing a row in SQL) fires these triggers, and a push's inserts fire none. The
    /// revision tells each instance's tail (`TenantTail`, `PostgresTailPart`) that rows it holds
    /// may no longer be the log's; a TRUNCATE, which names no tenant, raises every tenant's.
    static let logRevisionSchema = [
        "ALTER TABLE tenants ADD COLUMN log_revision BIGINT NOT NULL DEFAULT 0",
        rowRevisionFunction("crm_log_rewritten", column: "log_revision"),
        """
        CREATE TRIGGER changes_rewritten AFTER UPDATE OR DELETE ON changes
            FOR EACH ROW EXECUTE FUNCTION crm_log_rewritten()
        """,
        truncateRevisionFunction("crm_log_truncated", column: "log_revision"),
        "CREATE TRIGGER changes_truncated AFTER TRUNCATE ON changes FOR EACH STATEMENT EXECUTE FUNCTION crm_log_truncated()",
    ]

    /// Migration 6: a tenant's auth revision, raised whenever one of its sessions or users changes
    /// in a way that can end a session, as SQLite's store has it (`SQLiteLogStore.authRevisionSchema`).
    ///
    /// Each instance keeps the sessions it read (`SessionCache`); a push trusts a kept one only
    /// while the revision its statements read is the one the session was read at. The triggers
    /// raise it in the transaction that revokes a session or disables a user, whoever runs it. A
    /// TRUNCATE, which names no tenant, raises every tenant's.
    static let authRevisionSchema = [
        "ALTER TABLE tenants ADD COLUMN auth_revision BIGINT NOT NULL DEFAULT 0",
        rowRevisionFunction("crm_auth_changed", column: "auth_revision"),
        """
        CREATE TRIGGER sessions_changed
            AFTER UPDATE OF token_sha256, tenant_id, user_id, device_id, role, expires_at, revoked_at OR DELETE
            ON sessions FOR EACH ROW EXECUTE FUNCTION crm_auth_changed()
        """,
        """
        CREATE TRIGGER users_changed AFTER UPDATE OF tenant_id, id, disabled_at OR DELETE
            ON users FOR EACH ROW EXECUTE FUNCTION crm_auth_changed()
        """,
        truncateRevisionFunction("crm_auth_truncated", column: "auth_revision"),
        "CREATE TRIGGER sessions_truncated AFTER TRUNCATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION crm_auth_truncated()",
        "CREATE TRIGGER users_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION crm_auth_truncated()",
    ]

    /// A row trigger's function raising `column` of the tenants of the row it fires for (the old
    /// and the new one of an UPDATE): one text for migrations 5 and 6, byte for byte the one
    /// migration 5 shipped with.
    static func rowRevisionFunction(_ name: String, column: String) -> String {
        """
        CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                UPDATE tenants SET \(column) = \(column) + 1 WHERE id IN (OLD.tenant_id, NEW.tenant_id);
            ELSE
                UPDATE tenants SET \(column) = \(column) + 1 WHERE id = OLD.tenant_id;
            END IF;
            RETURN NULL;
        END $$
        """
    }

    /// A TRUNCATE trigger's function raising `column` of every tenant (a TRUNCATE names none).
    static func truncateRevisionFunction(_ name: String, column: String) -> String {
        """
        CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE tenants SET \(column) = \(column) + 1;
            RETURN NULL;
        END $$
        """
    }
}
