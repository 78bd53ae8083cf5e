// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// The support desk's migrations (issue 16): business-hours calendars and notifications.
extension Schema {
    /// SLA calendars (a synced kind, `EntitySchema.slaCalendar`), the calendar a policy counts
    /// in, and the calendar each case's clock was set on.
    static func createBusinessHours(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE sla_calendars (num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                    time_zone TEXT NOT NULL, days TEXT NOT NULL, hours TEXT NOT NULL, holidays TEXT,
                    created_at INTEGER, \(meta));
                ALTER TABLE sla_policies ADD COLUMN calendar_id TEXT;
                ALTER TABLE cases ADD COLUMN calendar_id TEXT;
                """)
    }

    /// The read, dismissed and snoozed marks of the notification centre (`Store+Notifications`).
    ///
    /// Per user and notification id, local to the device; the notifications themselves are derived.
    /// Replaced by the synced `notification_marks` in v17.
    static func createNotifications(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE notification_state (user_id TEXT NOT NULL, notification_id TEXT NOT NULL,
                    state TEXT NOT NULL, at INTEGER NOT NULL, until INTEGER,
                    PRIMARY KEY (user_id, notification_id)) WITHOUT ROWID;
                """)
    }

    /// Notification marks become a synced kind (`notification_mark`), one record per user and
    /// notification under an id derived from both (`NotificationMark.recordID`), so the user's
    /// other devices show the same read, dismissed and snoozed notifications.
    ///
    /// The local marks of v16 move over as records of this device, stamped with its clock; they
    /// were never logged as changes, so they stay on this device until marked again.
    static func createNotificationMarks(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE notification_marks (num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                    user_id TEXT NOT NULL, notification_id TEXT NOT NULL, state TEXT NOT NULL, snoozed_until INTEGER,
                    created_at INTEGER, \(meta));
                CREATE INDEX notification_marks_by_user ON notification_marks(user_id, notification_id);
                """)
        let clock = try Row.fetchOne(db, sql: "SELECT device_id, last_hlc FROM clock WHERE id = 1")
        let device: String = clock?["device_id"] ?? "local"
        let hlc: Int64 = clock?["last_hlc"] ?? 0
        for row in try Row.fetchAll(db, sql: "SELECT * FROM notification_state WHERE user_id <> ''") {
            let user: String = row["user_id"]
            let notification: String = row["notification_id"]
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO notification_marks (id, user_id, notification_id, state, snoozed_until,
                        created_at, updated_at, hlc, hlc_device) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    NotificationMark.recordID(user: user, notificationID: notification).rawValue, user, notification,
                    row["state"], row["until"], row["at"], row["at"], hlc, device,
                ])
        }
        try db.execute(sql: "DROP TABLE notification_state")
    }

    /// The Message-ID of a customer message on its activity (`EntitySchema.activity`), synced so
    /// every device's reply threads to the customer's mail; indexed for the thread lookup.
    static func addMessageIDs(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE activities ADD COLUMN message_id TEXT;
                CREATE INDEX activities_by_message ON activities(message_id) WHERE message_id IS NOT NULL;
                """)
    }

    /// The SLA figures' indexes gain `calendar_id` and `deleted`, so they cover the query, and
    /// cases on a business-hours calendar get an index of their own.
    ///
    /// Since business-hours calendars (`v15-business-hours`) the SLA query reads only the 24/7
    /// cases (`calendar_id IS NULL`) from `cases_analytics(_unsettled)`, which did not hold that
    /// column, nor `deleted` (SQLite 3.40 counts a partial index's own condition as a column the
    /// query reads): every one of 200,000 cases cost a table lookup, and the calendar cases'
    /// query scanned all of them to find none (672 ms of the dashboard's figures at 1,000,000
    /// contacts, Docs/BENCHMARKS.md).
    static func indexCalendarCases(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP INDEX IF EXISTS cases_analytics;
                CREATE INDEX cases_analytics ON cases(status, priority, created_at, first_response_due, resolution_due,
                    first_response_at, resolved_at, paused_at, paused_ms, calendar_id, deleted) WHERE deleted = 0;
                DROP INDEX IF EXISTS cases_analytics_unsettled;
                CREATE INDEX cases_analytics_unsettled ON cases(status, priority, created_at, first_response_due,
                    resolution_due, first_response_at, resolved_at, paused_at, paused_ms, calendar_id, deleted)
                    WHERE deleted = 0 AND (first_response_at IS NULL OR resolved_at IS NULL OR paused_at IS NOT NULL);
                CREATE INDEX cases_on_calendars ON cases(calendar_id, created_at)
                    WHERE deleted = 0 AND calendar_id IS NOT NULL;
                """)
        // A bulk load interrupted before this migration kept the old definitions to build again.
        if try db.tableExists("suspended_indexes") {
            try db.execute(
                sql: "DELETE FROM suspended_indexes WHERE name IN ('cases_analytics', 'cases_analytics_unsettled')")
        }
    }
}
