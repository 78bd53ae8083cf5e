// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB

extension SQLiteLogStore {
    /// Numbered migrations; append new ones, never edit a shipped one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-log") { db in
            for statement in schemaV1 { try db.execute(sql: statement) }
        }
        migrator.registerMigration("2-team") { db in
            for statement in teamSchema { try db.execute(sql: statement) }
        }
        migrator.registerMigration("3-no-entity-index") { db in
            for statement in noEntityIndex { try db.execute(sql: statement) }
        }
        migrator.registerMigration("4-mail-lookups") { db in
            for statement in MailRecordsSQL.sqlite.indexes { try db.execute(sql: statement) }
        }
        migrator.registerMigration("5-log-revision") { db in
            for statement in logRevisionSchema { try db.execute(sql: statement) }
        }
        migrator.registerMigration("6-auth-revision") { db in
            for statement in authRevisionSchema { try db.execute(sql: statement) }
        }
        migrator.registerMigration("7-no-device-index") { db in
            for statement in noDeviceIndex { try db.execute(sql: statement) }
        }
        return migrator
    }

    /// The tables of SYNC.md 3.6; every key leads with `tenant_id` (sessions are found by the
    /// token's hash, which is itself unguessable, and carry their tenant).
    static let schemaV1 = [
        """
        CREATE TABLE tenants (
            id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, last_seq INTEGER NOT NULL DEFAULT 0,
            epoch TEXT NOT NULL, min_retained_seq INTEGER NOT NULL DEFAULT 0,
            latest_snapshot_seq INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL)
        """,
        """
        CREATE TABLE users (
            tenant_id TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, name TEXT NOT NULL,
            role TEXT NOT NULL, password_hash TEXT NOT NULL, created_at INTEGER NOT NULL, disabled_at INTEGER,
            PRIMARY KEY (tenant_id, id), UNIQUE (tenant_id, name))
        """,
        """
        CREATE TABLE devices (
            tenant_id TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, user_id TEXT NOT NULL,
            name TEXT NOT NULL, last_device_seq INTEGER NOT NULL DEFAULT 0, last_pull_seq INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL, revoked_at INTEGER,
            PRIMARY KEY (tenant_id, id))
        """,
        """
        CREATE TABLE sessions (
            token_sha256 TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), user_id TEXT NOT NULL,
            device_id TEXT NOT NULL, role TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
            revoked_at INTEGER)
        """,
        "CREATE INDEX sessions_by_user ON sessions (tenant_id, user_id, device_id)",
        """
        CREATE TABLE changes (
            tenant_id TEXT NOT NULL, seq INTEGER NOT NULL, change_id TEXT NOT NULL, device_id TEXT NOT NULL,
            device_seq INTEGER NOT NULL, tx_id INTEGER NOT NULL, hlc INTEGER NOT NULL, hlc_wire TEXT NOT NULL,
            base_hlc TEXT, entity TEXT NOT NULL, entity_id TEXT NOT NULL, op TEXT NOT NULL, field TEXT,
            value TEXT NOT NULL, user_id TEXT NOT NULL, received_at INTEGER NOT NULL, status TEXT NOT NULL,
            PRIMARY KEY (tenant_id, seq), UNIQUE (tenant_id, change_id)) WITHOUT ROWID
        """,
        "CREATE INDEX changes_by_entity ON changes (tenant_id, entity, entity_id)",
        """
        CREATE UNIQUE INDEX changes_by_device ON changes (tenant_id, device_id, device_seq)
        WHERE op <> 'conflict'
        """,
        """
        CREATE TABLE field_state (
            tenant_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL,
            value TEXT NOT NULL, hlc INTEGER NOT NULL, device_id TEXT NOT NULL, user_id TEXT, seq INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, entity, entity_id, field)) WITHOUT ROWID
        """,
        """
        CREATE TABLE conflicts (
            tenant_id TEXT NOT NULL, id INTEGER NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
            field TEXT NOT NULL, kind TEXT NOT NULL, winner TEXT NOT NULL, loser TEXT NOT NULL,
            seq INTEGER NOT NULL, created_at INTEGER NOT NULL, resolved_at INTEGER,
            PRIMARY KEY (tenant_id, id))
        """,
    ]

    /// Migration 2: the team directory, refused changes, and each change's visibility class.
    ///
    /// Users gain an email and a last change; refused changes are kept apart from the log; each
    /// change stores its visibility class (`RoleRules.scope`). The same statements serve PostgreSQL.
    static let teamSchema = [
        "ALTER TABLE users ADD COLUMN email TEXT",
        "ALTER TABLE users ADD COLUMN updated_at BIGINT",
        "ALTER TABLE changes ADD COLUMN scope TEXT",
        "ALTER TABLE tenants ADD COLUMN team_version BIGINT NOT NULL DEFAULT 0",
        """
        CREATE TABLE rejected_changes (
            tenant_id TEXT NOT NULL, device_id TEXT NOT NULL, device_seq BIGINT NOT NULL, change_id TEXT NOT NULL,
            content TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, received_at BIGINT NOT NULL,
            PRIMARY KEY (tenant_id, device_id, device_seq))
        """,
        "CREATE UNIQUE INDEX rejected_by_change ON rejected_changes (tenant_id, change_id)",
    ]

    /// Migration 3: the log's index by record goes.
    ///
    /// The index is `(tenant_id, entity, entity_id)`. No query of either store reads the log by
    /// record (pushes read `field_state`, pulls read by seq), and each pushed change dirtied one
    /// more page of it at a random place (Docs/BENCHMARKS.md, 2026-12-04 evening). The same
    /// statement serves PostgreSQL.
    static let noEntityIndex = ["DROP INDEX IF EXISTS changes_by_entity"]

    /// Migration 7: the log's index by device goes, and each device's row keeps the clock of its
    /// last change.
    ///
    /// The index was `(tenant_id, device_id, device_seq)`, unique but for conflict records. Each
    /// pushed change put one more entry at one of as many places as the tenant has devices: a
    /// page dirtied at a place of its own, about a quarter of the bytes written per pushed change
    /// (26.5 KB before, 19.3 after, Docs/BENCHMARKS.md), and on PostgreSQL at ten million changes
    /// the largest structure of the log, three times its primary key. Nothing needs it any more:
    /// a re-sent change is found by its `change_id` (`TenantPushScope`), a device's seqs stay
    /// unique because every push is planned from its device's `last_device_seq` under the
    /// tenant's write lock (`PushPlanner`), and the mail gateway's clock reads
    /// `devices.last_hlc`, which every push now sets (filled here from the log, through the
    /// index, before the index goes). The same statements serve PostgreSQL.
    static let noDeviceIndex = [
        "ALTER TABLE devices ADD COLUMN last_hlc BIGINT",
        """
        UPDATE devices SET last_hlc = (
            SELECT c.hlc FROM changes c
            WHERE c.tenant_id = devices.tenant_id AND c.device_id = devices.id AND c.op <> 'conflict'
            ORDER BY c.device_seq DESC LIMIT 1)
        """,
        "DROP INDEX IF EXISTS changes_by_device",
    ]

    /// Migration 5: a tenant's log revision, raised whenever one of its log rows is changed or
    /// removed.
    ///
    /// The server only appends to the log, so only someone working on the file directly (an
    /// operator repairing a row in SQL) fires these triggers. The revision is what tells the
    /// server's in-memory tail (`TenantTail`) that rows it holds may no longer be the log's.
    static let logRevisionSchema = [
        "ALTER TABLE tenants ADD COLUMN log_revision INTEGER NOT NULL DEFAULT 0",
        """
        CREATE TRIGGER changes_rewritten AFTER UPDATE ON changes BEGIN
            UPDATE tenants SET log_revision = log_revision + 1 WHERE id IN (OLD.tenant_id, NEW.tenant_id);
        END
        """,
        """
        CREATE TRIGGER changes_removed AFTER DELETE ON changes BEGIN
            UPDATE tenants SET log_revision = log_revision + 1 WHERE id = OLD.tenant_id;
        END
        """,
    ]

    /// Migration 6: a tenant's auth revision, raised whenever one of its sessions or users changes
    /// in a way that can end a session.
    ///
    /// A revoked or changed session, a disabled or removed user: whoever makes the change (the
    /// server's API, `crm-server token revoke` or `user deactivate` in another process, an
    /// operator in SQL), the trigger raises the revision in the same transaction. The server keeps
    /// the sessions it read with the revision it read them at (`SessionCache`), and a push or a
    /// pull trusts a kept session only while its tenant's revision, read in the request's own
    /// transaction, is the same. A new session (a login) raises nothing: no kept session changes.
    static let authRevisionSchema = [
        "ALTER TABLE tenants ADD COLUMN auth_revision INTEGER NOT NULL DEFAULT 0",
        """
        CREATE TRIGGER sessions_changed
        AFTER UPDATE OF token_sha256, tenant_id, user_id, device_id, role, expires_at, revoked_at ON sessions BEGIN
            UPDATE tenants SET auth_revision = auth_revision + 1 WHERE id IN (OLD.tenant_id, NEW.tenant_id);
        END
        """,
        """
        CREATE TRIGGER sessions_removed AFTER DELETE ON sessions BEGIN
            UPDATE tenants SET auth_revision = auth_revision + 1 WHERE id = OLD.tenant_id;
        END
        """,
        """
        CREATE TRIGGER users_changed AFTER UPDATE OF tenant_id, id, disabled_at ON users BEGIN
            UPDATE tenants SET auth_revision = auth_revision + 1 WHERE id IN (OLD.tenant_id, NEW.tenant_id);
        END
        """,
        """
        CREATE TRIGGER users_removed AFTER DELETE ON users BEGIN
            UPDATE tenants SET auth_revision = auth_revision + 1 WHERE id = OLD.tenant_id;
        END
        """,
    ]
}
