// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB

/// Migration `v20-deal-last-activity`: each deal carries the time of its newest live activity,
/// kept by triggers, so "open deals touched since the stale cut-off" is one range of a covering
/// index instead of a lookup per touched deal (`deleted` is in it because SQLite 3.40 does
/// not count a partial index's own condition as covered).
///
/// The aging figures asked which open deals had an activity in the last 30 days by reading the
/// activities since then and looking each of their deals up by its text id, then its row: about
/// 25,000 random lookups at 1,000,000 deals, 150–300 ms, most of the analytics engine's deals
/// part and so of the dashboard's wait (Docs/BENCHMARKS.md). `last_activity_at` is a derived
/// column like `contacts.name_key` and `cases.sla_due`: not a field, never synced or exported,
/// a function of the activities that `crm check` verifies. Triggers rather than the write path,
/// for the reason of `createAnalyticsAggregates`: local edits, imports, merges, undo and pulled
/// changes all reach the activities table, and a trigger cannot be forgotten by the next one.
extension Schema {
    static func addDealLastActivity(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE deals ADD COLUMN last_activity_at INTEGER;
                CREATE INDEX deals_touched ON deals(last_activity_at, stage_id, currency, amount_minor, created_at,
                    deleted) WHERE deleted = 0 AND last_activity_at IS NOT NULL;
                DROP INDEX IF EXISTS activities_deal_touch;
                """)
        if try db.tableExists("suspended_indexes") {
            try db.execute(sql: "DELETE FROM suspended_indexes WHERE name = 'activities_deal_touch'")
        }
        try db.execute(sql: dealTouchTriggers + dealTouchBackfill)
    }

    /// The newest live activity time of the deal whose id is the SQL expression `dealID`.
    static func lastActivityOf(_ dealID: String) -> String {
        "(SELECT MAX(created_at) FROM activities WHERE deal_id = \(dealID) AND deleted = 0)"
    }

    /// The triggers that keep `last_activity_at`.
    ///
    /// A new activity can only move its deal's time forward; any other change recomputes the
    /// deals it left and joined. A deal that arrives after its activities (a pull can bring them
    /// first) reads them when it is inserted.
    static var dealTouchTriggers: String {
        """
        CREATE TRIGGER deal_touch_activity_insert AFTER INSERT ON activities
            WHEN NEW.deal_id IS NOT NULL AND NEW.deleted = 0 AND NEW.created_at IS NOT NULL BEGIN
            UPDATE deals SET last_activity_at = NEW.created_at
                WHERE id = NEW.deal_id AND (last_activity_at IS NULL OR last_activity_at < NEW.created_at);
        END;
        CREATE TRIGGER deal_touch_activity_update AFTER UPDATE OF deal_id, deleted, created_at ON activities
            WHEN OLD.deal_id IS NOT NULL OR NEW.deal_id IS NOT NULL BEGIN
            UPDATE deals SET last_activity_at = \(lastActivityOf("OLD.deal_id")) WHERE id = OLD.deal_id;
            UPDATE deals SET last_activity_at = \(lastActivityOf("NEW.deal_id"))
                WHERE id = NEW.deal_id AND NEW.deal_id IS NOT OLD.deal_id;
        END;
        CREATE TRIGGER deal_touch_activity_delete AFTER DELETE ON activities WHEN OLD.deal_id IS NOT NULL BEGIN
            UPDATE deals SET last_activity_at = \(lastActivityOf("OLD.deal_id")) WHERE id = OLD.deal_id;
        END;
        CREATE TRIGGER deal_touch_deal_insert AFTER INSERT ON deals
            WHEN EXISTS (SELECT 1 FROM activities WHERE deal_id = NEW.id) BEGIN
            UPDATE deals SET last_activity_at = \(lastActivityOf("NEW.id")) WHERE num = NEW.num;
        END;
        """
    }

    /// Sets every deal's time from the activities a database already holds.
    static var dealTouchBackfill: String {
        """
        UPDATE deals SET last_activity_at = NULL WHERE last_activity_at IS NOT NULL;
        UPDATE deals SET last_activity_at = t.at
            FROM (SELECT deal_id, MAX(created_at) AS at FROM activities
                WHERE deal_id IS NOT NULL AND deleted = 0 GROUP BY deal_id) AS t
            WHERE deals.id = t.deal_id;
        """
    }

    /// Deals whose `last_activity_at` differs from their activities: `crm check` reports them.
    static let dealTouchDrift = """
        SELECT COUNT(*) FROM deals d LEFT JOIN (SELECT deal_id, MAX(created_at) AS at FROM activities
            WHERE deal_id IS NOT NULL AND deleted = 0 GROUP BY deal_id) AS t ON t.deal_id = d.id
        WHERE d.last_activity_at IS NOT t.at
        """
}
