// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB

/// Migration `v5-analytics-aggregates`: pipeline totals and funnel reach kept up to date by
/// triggers, so the analytics read a few hundred summary rows instead of scanning a million
/// deals and three million stage-history rows (Docs/ANALYTICS.md, "Maintained aggregates").
///
/// Triggers rather than Swift code in the write path, because every path that changes a deal
/// or its history — local edits, imports, merges, pulled changes, restores — goes through these
/// tables, and a trigger cannot be forgotten by the next path someone adds.
///
/// - `deal_totals`, `deal_closed_totals`, `deal_forecast_totals` (`SummaryTable+Deals.swift`): live deals
///   grouped by stage, currency and owner with the day they were created, the day they closed, or
///   their expected close date and own probability; the sums the pipeline, aging, leaderboard, win
///   rate, cycle and forecast figures need. Stage kinds and default probabilities are joined at
///   read time, so turning a stage into a won stage needs no rebuild.
/// - `deal_reach`: per deal (by `deals.num`), the set of stages its live history entered, as a
///   bit mask of stage nums 1–63, and when it was first staged. Board positions are looked up at
///   read time, so reordering stages needs no rebuild either. A stage whose num is above 63
///   makes the funnel fall back to scanning the history.
/// - `reach_pending`: history rows that name a stage this database does not have yet (a pulled
///   change can arrive before the stage); the stage's arrival sets their bits.
extension Schema {
    static func createAnalyticsAggregates(_ db: Database) throws {
        try db.execute(
            sql: SummaryTable.deals.map(\.createTable).joined(separator: "\n") + """
                CREATE TABLE deal_reach (deal_num INTEGER PRIMARY KEY, mask INTEGER NOT NULL,
                    first_at INTEGER, live INTEGER NOT NULL);
                CREATE INDEX deal_reach_funnel ON deal_reach(mask, first_at) WHERE live = 1;
                CREATE TABLE reach_pending (deal_id TEXT NOT NULL, stage_id TEXT NOT NULL);
                CREATE INDEX reach_pending_by_stage ON reach_pending(stage_id);
                DROP INDEX deals_analytics_open;
                DROP INDEX deals_analytics_close_date;
                CREATE INDEX deals_analytics_recent ON deals(created_at, stage_id, currency, owner_id, amount_minor)
                    WHERE deleted = 0 AND created_at IS NOT NULL;
                """)
        try db.execute(
            sql: SummaryTable.triggers("deal_aggregates", SummaryTable.deals, columns: SummaryTable.dealColumns)
                + reachTriggers)
        try db.execute(sql: SummaryTable.deals.map(\.backfill).joined(separator: "\n") + reachBackfill)
    }

    /// Migration `v6-case-aggregates`: settled cases summed by triggers, and an index over the
    /// unsettled ones, so the SLA figures read a few dozen summary rows plus the open cases.
    static func createCaseAggregates(_ db: Database) throws {
        try db.execute(
            sql: SummaryTable.caseTotals.createTable + """
                CREATE INDEX cases_analytics_unsettled ON cases(status, priority, created_at, first_response_due,
                    resolution_due, first_response_at, resolved_at, paused_at, paused_ms)
                    WHERE deleted = 0 AND (first_response_at IS NULL OR resolved_at IS NULL OR paused_at IS NOT NULL);
                """)
        try db.execute(
            sql: SummaryTable.triggers("case_aggregates", [.caseTotals], columns: SummaryTable.caseColumns)
                + SummaryTable.caseTotals.backfill)
    }

    /// The reach bit of a stage id, NULL when the stage is unknown or its num is above 63.
    static func stageBit(_ stageID: String) -> String {
        "(SELECT 1 << (num - 1) FROM stages WHERE id = \(stageID) AND num BETWEEN 1 AND 63)"
    }

    /// Mask and first-staged time of one deal id, recomputed from its live history.
    /// (`SUM(DISTINCT)` of distinct single bits is their bitwise OR.)
    static func reachOf(_ dealID: String) -> String {
        """
        mask = COALESCE((SELECT SUM(DISTINCT 1 << (s.num - 1)) FROM stage_history h JOIN stages s ON s.id = h.to_stage_id
            WHERE h.deal_id = \(dealID) AND h.deleted = 0 AND s.num BETWEEN 1 AND 63), 0),
        first_at = (SELECT MIN(created_at) FROM stage_history WHERE deal_id = \(dealID) AND deleted = 0)
        """
    }

    static var reachTriggers: String {
        """
        CREATE TRIGGER deal_reach_deal_insert AFTER INSERT ON deals BEGIN
            INSERT OR REPLACE INTO deal_reach (deal_num, mask, first_at, live) VALUES (NEW.num, 0, NULL, NEW.deleted = 0);
            UPDATE deal_reach SET \(reachOf("NEW.id")) WHERE deal_num = NEW.num;
        END;
        CREATE TRIGGER deal_reach_deal_update AFTER UPDATE OF deleted ON deals BEGIN
            UPDATE deal_reach SET live = NEW.deleted = 0 WHERE deal_num = NEW.num;
        END;
        CREATE TRIGGER deal_reach_deal_delete AFTER DELETE ON deals BEGIN
            DELETE FROM deal_reach WHERE deal_num = OLD.num;
        END;
        CREATE TRIGGER deal_reach_history_insert AFTER INSERT ON stage_history WHEN NEW.deleted = 0 BEGIN
            UPDATE deal_reach SET mask = mask | COALESCE(\(stageBit("NEW.to_stage_id")), 0),
                first_at = CASE WHEN first_at IS NULL OR NEW.created_at < first_at THEN NEW.created_at ELSE first_at END
                WHERE deal_num = (SELECT num FROM deals WHERE id = NEW.deal_id);
            INSERT INTO reach_pending (deal_id, stage_id) SELECT NEW.deal_id, NEW.to_stage_id
                WHERE NOT EXISTS (SELECT 1 FROM stages WHERE id = NEW.to_stage_id);
        END;
        CREATE TRIGGER deal_reach_history_update AFTER UPDATE OF deleted, deal_id, to_stage_id, created_at
            ON stage_history BEGIN
            UPDATE deal_reach SET \(reachOf("OLD.deal_id"))
                WHERE deal_num = (SELECT num FROM deals WHERE id = OLD.deal_id);
            UPDATE deal_reach SET \(reachOf("NEW.deal_id"))
                WHERE deal_num = (SELECT num FROM deals WHERE id = NEW.deal_id);
            INSERT INTO reach_pending (deal_id, stage_id) SELECT NEW.deal_id, NEW.to_stage_id
                WHERE NEW.deleted = 0 AND NOT EXISTS (SELECT 1 FROM stages WHERE id = NEW.to_stage_id);
        END;
        CREATE TRIGGER deal_reach_history_delete AFTER DELETE ON stage_history BEGIN
            UPDATE deal_reach SET \(reachOf("OLD.deal_id"))
                WHERE deal_num = (SELECT num FROM deals WHERE id = OLD.deal_id);
        END;
        CREATE TRIGGER deal_reach_stage_insert AFTER INSERT ON stages BEGIN
            UPDATE deal_reach SET \(reachOf("(SELECT id FROM deals WHERE num = deal_reach.deal_num)"))
                WHERE deal_num IN (SELECT d.num FROM reach_pending p JOIN deals d ON d.id = p.deal_id
                    WHERE p.stage_id = NEW.id);
            DELETE FROM reach_pending WHERE stage_id = NEW.id;
        END;
        """
    }

    /// Fills `deal_reach` from the deals and history an older database already holds.
    static var reachBackfill: String {
        """
        INSERT INTO deal_reach (deal_num, mask, first_at, live) SELECT d.num, 0, NULL, d.deleted = 0 FROM deals d;
        UPDATE deal_reach SET mask = r.mask, first_at = r.first_at
            FROM (SELECT d.num AS num, MIN(h.created_at) AS first_at,
                    COALESCE(SUM(DISTINCT CASE WHEN s.num BETWEEN 1 AND 63 THEN 1 << (s.num - 1) END), 0) AS mask
                FROM stage_history h JOIN deals d ON d.id = h.deal_id LEFT JOIN stages s ON s.id = h.to_stage_id
                WHERE h.deleted = 0 GROUP BY d.num) AS r
            WHERE deal_reach.deal_num = r.num;
        INSERT INTO reach_pending (deal_id, stage_id) SELECT h.deal_id, h.to_stage_id FROM stage_history h
            WHERE h.deleted = 0 AND NOT EXISTS (SELECT 1 FROM stages WHERE id = h.to_stage_id);
        """
    }
}
