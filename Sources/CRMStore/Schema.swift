// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB

/// The numbered migrations of the local database.
///
/// Each migration is frozen text once released: a new column is a new migration, never an
/// edit of an old one, so a file written by any earlier crm upgrades in place.
enum Schema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tables", migrate: createTables)
        migrator.registerMigration("v2-indexes", migrate: createIndexes)
        migrator.registerMigration("v3-search", migrate: createSearch)
        migrator.registerMigration("v4-sync-client", migrate: createSyncClient)
        migrator.registerMigration("v4-analytics-indexes", migrate: createAnalyticsIndexes)
        migrator.registerMigration("v5-analytics-aggregates", migrate: createAnalyticsAggregates)
        migrator.registerMigration("v6-case-aggregates", migrate: createCaseAggregates)
        migrator.registerMigration("v7-unknown-fields") { db in
            try db.execute(
                sql: """
                    CREATE TABLE unknown_fields (entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL,
                        value TEXT NOT NULL, hlc INTEGER NOT NULL, device_id TEXT NOT NULL,
                        PRIMARY KEY (entity, entity_id, field)) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v8-suspended-indexes") { db in
            try db.execute(sql: "CREATE TABLE suspended_indexes (name TEXT PRIMARY KEY, sql TEXT NOT NULL)")
        }
        migrator.registerMigration("v9-team", migrate: createTeam)
        migrator.registerMigration("v10-undo") { db in
            // Which local transaction undid which (`crm undo --list` names an undo as such), the
            // change-log range of each import (`crm undo --import N`), and the tombstones of each
            // kind by time, for the TUI's "recently deleted" view.
            try db.execute(
                sql: """
                    CREATE TABLE undo_marks (tx_id INTEGER PRIMARY KEY, undoes INTEGER NOT NULL);
                    CREATE TABLE import_runs (id INTEGER PRIMARY KEY, file TEXT NOT NULL, kind TEXT NOT NULL,
                        first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, at INTEGER NOT NULL);
                    CREATE INDEX contacts_trash ON contacts(updated_at) WHERE deleted = 1;
                    CREATE INDEX companies_trash ON companies(updated_at) WHERE deleted = 1;
                    CREATE INDEX deals_trash ON deals(updated_at) WHERE deleted = 1;
                    CREATE INDEX cases_trash ON cases(updated_at) WHERE deleted = 1;
                    CREATE INDEX activities_trash ON activities(updated_at) WHERE deleted = 1;
                    """)
        }
        migrator.registerMigration("v11-mail", migrate: createMail)
        migrator.registerMigration("v12-references", migrate: createImportReferences)
        migrator.registerMigration("v13-case-links") { db in
            // A company's and a contact's open cases, for their detail views' related panes.
            try db.execute(
                sql: """
                    CREATE INDEX cases_by_company ON cases(company_id, sla_due, num) WHERE deleted = 0;
                    CREATE INDEX cases_by_contact ON cases(contact_id, sla_due, num) WHERE deleted = 0;
                    """)
        }
        migrator.registerMigration("v14-case-trends") { db in
            // Cases opened and resolved per day or week, and resolved within SLA, for the trend
            // charts (TrendQueries): each period is a range of one of these.
            try db.execute(
                sql: """
                    CREATE INDEX cases_trend_created ON cases(created_at, deleted) WHERE deleted = 0;
                    CREATE INDEX cases_trend_resolved ON cases(resolved_at, resolution_due, created_at, deleted)
                        WHERE deleted = 0 AND resolved_at IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v15-business-hours", migrate: createBusinessHours)
        migrator.registerMigration("v16-notifications", migrate: createNotifications)
        migrator.registerMigration("v14-custom-fields", migrate: createCustomFields)
        migrator.registerMigration("v17-notification-marks", migrate: createNotificationMarks)
        migrator.registerMigration("v18-mail-message-ids", migrate: addMessageIDs)
        migrator.registerMigration("v19-case-calendar-indexes", migrate: indexCalendarCases)
        migrator.registerMigration("v20-deal-last-activity", migrate: addDealLastActivity)
        return migrator
    }

    /// Custom fields (issue 19): their definitions, records of kind `field`, and their values.
    ///
    /// One row per record and field in `custom_values`, keyed by the record's local number; the
    /// value as the wire carries it (JSON), plus the text or number that filters and sorts
    /// read through an index per shape, so `--where`/`--sort` on a custom field is an index range
    /// scan as it is on `email` (Docs/ARCHITECTURE.md, custom fields).
    static func createCustomFields(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE field_definitions (num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                    entity TEXT NOT NULL, name TEXT NOT NULL, field_key TEXT NOT NULL, type TEXT NOT NULL,
                    target TEXT, choices TEXT, required INTEGER, default_value TEXT, help TEXT, retired INTEGER,
                    created_at INTEGER, \(meta));
                CREATE INDEX field_definitions_by_key ON field_definitions(entity, field_key);
                CREATE TABLE custom_values (entity TEXT NOT NULL, entity_num INTEGER NOT NULL,
                    field_key TEXT NOT NULL, value TEXT NOT NULL, text_value TEXT COLLATE NOCASE, num_value REAL,
                    PRIMARY KEY (entity, entity_num, field_key)) WITHOUT ROWID;
                CREATE INDEX custom_values_by_text ON custom_values(entity, field_key, text_value, entity_num);
                CREATE INDEX custom_values_by_number ON custom_values(entity, field_key, num_value, entity_num);
                """)
    }

    /// What this device knows of mail (Store+Mail): every message it took in or sent by
    /// Message-ID (dedupe and threading), addresses a bounce marked as failing, and the attachments of
    /// received messages (their bytes are in the content-addressed store beside the database), and the
    /// outbox of replies to send (`Store+Outbox`).
    static func createMail(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE mail_messages (message_id TEXT PRIMARY KEY, direction TEXT NOT NULL, outcome TEXT NOT NULL,
                    case_id TEXT, activity_id TEXT, at INTEGER NOT NULL);
                CREATE INDEX mail_messages_case ON mail_messages(case_id) WHERE case_id IS NOT NULL;
                CREATE TABLE mail_address_status (email TEXT PRIMARY KEY COLLATE NOCASE, status TEXT NOT NULL,
                    reason TEXT NOT NULL, message_id TEXT, at INTEGER NOT NULL);
                CREATE TABLE mail_attachments (activity_id TEXT NOT NULL, position INTEGER NOT NULL,
                    case_id TEXT NOT NULL, name TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,
                    sha256 TEXT NOT NULL, stored INTEGER NOT NULL, PRIMARY KEY (activity_id, position));
                CREATE INDEX mail_attachments_case ON mail_attachments(case_id);
                CREATE TABLE mail_outbox (message_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, activity_id TEXT NOT NULL,
                    recipient TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, in_reply_to TEXT,
                    refs TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
                    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
                CREATE INDEX mail_outbox_state ON mail_outbox(state, created_at);
                """)
    }

    /// The team directory's `active` flag, and the changes the server refused (SYNC.md scenario 19),
    /// kept with their text so the user sees what and why and can re-create what is allowed.
    static func createTeam(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
                CREATE TABLE sync_refused (change_id TEXT PRIMARY KEY, device_seq INTEGER NOT NULL,
                    entity TEXT NOT NULL, entity_id TEXT NOT NULL, op TEXT NOT NULL, field TEXT, value TEXT,
                    label TEXT, code TEXT NOT NULL, message TEXT NOT NULL, refused_at INTEGER NOT NULL);
                """)
    }

    /// What an import of another CRM's export keeps between its files (issue 17).
    ///
    /// The source's user ids and the team members they became (`import_users`), and the references
    /// to records not imported yet (`import_pending`), resolved when the record arrives. Local tables: the
    /// records they lead to sync, they do not.
    static func createImportReferences(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE import_users (source_id TEXT PRIMARY KEY, user_id TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE import_pending (entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL,
                    target TEXT NOT NULL, source_id TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,
                    PRIMARY KEY (entity, entity_id, field)) WITHOUT ROWID;
                CREATE INDEX import_pending_target ON import_pending(target, source_id);
                """)
    }

    /// Columns every synced table has after its own fields.
    static let meta = """
        updated_at INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc INTEGER NOT NULL,
        hlc_device TEXT NOT NULL,
        field_hlc TEXT
        """

    static func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE users (num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                    email TEXT, role TEXT NOT NULL, created_at INTEGER, \(meta));
                CREATE TABLE companies (num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                    domain TEXT, phone TEXT, industry TEXT, address TEXT, owner_id TEXT, tags TEXT, notes TEXT,
                    external_id TEXT, created_at INTEGER, name_key TEXT NOT NULL DEFAULT '', \(meta));
                CREATE TABLE contacts (num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                    email TEXT, phone TEXT, title TEXT, company_id TEXT, owner_id TEXT, tags TEXT, notes TEXT,
                    address TEXT, external_id TEXT, created_at INTEGER, name_key TEXT NOT NULL DEFAULT '', \(meta));
                CREATE TABLE stages (num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                    position INTEGER NOT NULL, probability INTEGER NOT NULL, kind TEXT NOT NULL,
                    created_at INTEGER, \(meta));
                CREATE TABLE deals (num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
                    amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, stage_id TEXT NOT NULL,
                    company_id TEXT, contact_id TEXT, owner_id TEXT, close_date TEXT, probability INTEGER,
                    lost_reason TEXT, closed_at INTEGER, tags TEXT, notes TEXT, external_id TEXT,
                    created_at INTEGER, \(meta));
                CREATE TABLE stage_history (num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                    deal_id TEXT NOT NULL, from_stage_id TEXT, to_stage_id TEXT NOT NULL, user_id TEXT,
                    created_at INTEGER, \(meta));
                CREATE TABLE activities (num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
                    subject TEXT NOT NULL, body TEXT, due_at INTEGER, done INTEGER, done_at INTEGER,
                    contact_id TEXT, company_id TEXT, deal_id TEXT, case_id TEXT, owner_id TEXT,
                    created_at INTEGER, \(meta));
                CREATE TABLE cases (num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, subject TEXT NOT NULL,
                    description TEXT, priority TEXT NOT NULL, status TEXT NOT NULL, queue TEXT, contact_id TEXT,
                    company_id TEXT, assignee_id TEXT, first_response_due INTEGER, resolution_due INTEGER,
                    first_response_at INTEGER, resolved_at INTEGER, paused_at INTEGER, paused_ms INTEGER,
                    created_at INTEGER, sla_due INTEGER, \(meta));
                CREATE TABLE sla_policies (num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                    priority TEXT NOT NULL, first_response_minutes INTEGER NOT NULL,
                    resolution_minutes INTEGER NOT NULL, created_at INTEGER, \(meta));
                CREATE TABLE change_log (device_seq INTEGER PRIMARY KEY, change_id TEXT NOT NULL,
                    tx_id INTEGER NOT NULL, hlc INTEGER NOT NULL, base_hlc INTEGER,
                    entity TEXT NOT NULL, entity_id TEXT NOT NULL, op TEXT NOT NULL, field TEXT, value TEXT);
                CREATE TABLE clock (id INTEGER PRIMARY KEY CHECK (id = 1), device_id TEXT NOT NULL,
                    last_hlc INTEGER NOT NULL, last_device_seq INTEGER NOT NULL);
                CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                """)
    }

    static func createIndexes(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE INDEX contacts_by_name ON contacts(name_key, num) WHERE deleted = 0;
                CREATE INDEX contacts_by_company ON contacts(company_id) WHERE deleted = 0;
                CREATE INDEX contacts_by_email ON contacts(email COLLATE NOCASE);
                CREATE INDEX contacts_by_external ON contacts(external_id) WHERE external_id IS NOT NULL;
                CREATE INDEX companies_by_name ON companies(name_key, num) WHERE deleted = 0;
                CREATE INDEX companies_by_external ON companies(external_id) WHERE external_id IS NOT NULL;
                CREATE INDEX deals_by_stage ON deals(stage_id, num) WHERE deleted = 0;
                CREATE INDEX deals_live ON deals(num) WHERE deleted = 0;
                CREATE INDEX deals_by_company ON deals(company_id) WHERE deleted = 0;
                CREATE INDEX deals_by_contact ON deals(contact_id) WHERE deleted = 0;
                CREATE INDEX deals_by_owner ON deals(owner_id, num) WHERE deleted = 0;
                CREATE INDEX deals_by_external ON deals(external_id) WHERE external_id IS NOT NULL;
                CREATE INDEX stage_history_by_deal ON stage_history(deal_id, created_at);
                CREATE INDEX activities_tasks ON activities(done, due_at) WHERE deleted = 0 AND kind = 'task';
                CREATE INDEX activities_by_contact ON activities(contact_id, created_at) WHERE contact_id IS NOT NULL;
                CREATE INDEX activities_by_company ON activities(company_id, created_at) WHERE company_id IS NOT NULL;
                CREATE INDEX activities_by_deal ON activities(deal_id, created_at) WHERE deal_id IS NOT NULL;
                CREATE INDEX activities_by_case ON activities(case_id, created_at) WHERE case_id IS NOT NULL;
                CREATE INDEX cases_by_due ON cases(sla_due, num) WHERE deleted = 0;
                CREATE INDEX cases_by_status ON cases(status, sla_due, num) WHERE deleted = 0;
                CREATE INDEX cases_by_assignee ON cases(assignee_id, sla_due, num) WHERE deleted = 0;
                CREATE INDEX cases_by_queue ON cases(queue, sla_due, num) WHERE deleted = 0;
                CREATE INDEX change_log_by_entity ON change_log(entity_id, device_seq);
                """)
    }

    static func createSearch(_ db: Database) throws {
        // Regular (contentful) FTS5: SQLite 3.40 on Debian has no contentless_delete, and the
        // rowid encodes (record num, kind) so every update is a delete and insert by rowid.
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE search USING fts5(title, body,
                    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
                """)
    }

    static func createSyncClient(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE remote_log (seq INTEGER PRIMARY KEY, change_id TEXT NOT NULL, entity TEXT NOT NULL,
                    entity_id TEXT NOT NULL, op TEXT NOT NULL, field TEXT, value TEXT, hlc INTEGER NOT NULL,
                    device_id TEXT NOT NULL, user_id TEXT);
                CREATE INDEX remote_log_by_entity ON remote_log(entity_id, seq);
                CREATE TABLE remote_parked (seq INTEGER PRIMARY KEY, entity_id TEXT NOT NULL);
                CREATE INDEX remote_parked_by_entity ON remote_parked(entity_id);
                CREATE TABLE conflicts (seq INTEGER NOT NULL, field TEXT NOT NULL, kind TEXT NOT NULL,
                    entity TEXT NOT NULL, entity_id TEXT NOT NULL, winner_value TEXT, winner_hlc TEXT NOT NULL,
                    winner_device TEXT NOT NULL, loser_value TEXT, loser_hlc TEXT NOT NULL, loser_device TEXT NOT NULL,
                    loser_user TEXT, received_at INTEGER NOT NULL, resolved_at INTEGER, PRIMARY KEY (seq, field));
                """)
    }

    /// Covering indexes for the analytics scans (Docs/ANALYTICS.md): each GROUP BY of
    /// CRMAnalytics reads one of these instead of the wide rows.
    static func createAnalyticsIndexes(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE INDEX deals_analytics_open ON deals(stage_id, currency, owner_id, amount_minor, probability, created_at)
                    WHERE deleted = 0;
                CREATE INDEX deals_analytics_closed ON deals(closed_at, stage_id, currency, owner_id, amount_minor, created_at)
                    WHERE deleted = 0 AND closed_at IS NOT NULL;
                CREATE INDEX deals_analytics_close_date ON deals(close_date, stage_id, currency, amount_minor, probability)
                    WHERE deleted = 0 AND close_date IS NOT NULL;
                CREATE INDEX deals_deleted ON deals(id) WHERE deleted = 1;
                CREATE INDEX stage_history_analytics ON stage_history(deal_id, to_stage_id, created_at) WHERE deleted = 0;
                CREATE INDEX activities_deal_touch ON activities(created_at, deal_id) WHERE deal_id IS NOT NULL AND deleted = 0;
                CREATE INDEX cases_analytics ON cases(status, priority, created_at, first_response_due, resolution_due,
                    first_response_at, resolved_at, paused_at, paused_ms) WHERE deleted = 0;
                """)
    }
}
