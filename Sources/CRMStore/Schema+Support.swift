// crm — a terminal-first CRM. Licensed under the MIT License.

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
    static func createNotifications(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE notification_state (user_id TEXT NOT NULL, notification_id TEXT NOT NULL,
                    state TEXT NOT NULL, at INTEGER NOT NULL, until INTEGER,
                    PRIMARY KEY (user_id, notification_id)) WITHOUT ROWID;
                """)
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
}
