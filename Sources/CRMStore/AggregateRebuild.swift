// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB

/// Takes the analytics summaries' triggers off for a large bulk load and rebuilds the summaries
/// once at its end; puts them back at open if a load was interrupted.
///
/// Each trigger fire costs SQLite tens of microseconds (a sub-program, its cursors and
/// lookups), and a deal with three history rows fires five: at 100,000 demo contacts that
/// doubled the insert phase (35 s → 70 s of CPU), against a few seconds to sum the finished
/// tables once. The summaries are only ever a function of the rows, so dropping the triggers and
/// rebuilding from scratch gives the same tables, which `crm check` confirms.
enum AggregateRebuild {
    /// The triggers `v5-analytics-aggregates`, `v6-case-aggregates` and `v20-deal-last-activity` create.
    static let triggers = [
        "deal_aggregates_insert", "deal_aggregates_update", "deal_aggregates_delete", "deal_reach_deal_insert",
        "deal_reach_deal_update", "deal_reach_deal_delete", "deal_reach_history_insert",
        "deal_reach_history_update", "deal_reach_history_delete", "deal_reach_stage_insert",
        "case_aggregates_insert", "case_aggregates_update", "case_aggregates_delete", "deal_touch_activity_insert",
        "deal_touch_activity_update", "deal_touch_activity_delete", "deal_touch_deal_insert",
    ]

    static let tables = [
        "deal_totals", "deal_closed_totals", "deal_forecast_totals", "case_totals", "deal_reach", "reach_pending",
    ]

    /// The setting naming the process whose bulk load has the triggers off.
    static let loaderKey = "aggregates.suspended_by_pid"

    /// Drops the triggers: the summaries are stale until `rebuild`.
    static func suspend(_ db: Database) throws {
        for name in triggers { try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)") }
        try Store.setSetting(db, loaderKey, String(ProcessInfo.processInfo.processIdentifier))
    }

    /// Whether the triggers are off and the load that took them off is gone (interrupted), so
    /// opening the file should rebuild; a load still running in another process rebuilds itself.
    static func needsRepair(_ db: Database) throws -> Bool {
        guard try isSuspended(db) || IndexSuspension.isSuspended(db) else { return false }
        guard let text = try Store.setting(db, loaderKey), let pid = Int32(text) else { return true }
        if pid == ProcessInfo.processInfo.processIdentifier { return true }
        // Signal 0 probes without signalling; EPERM means alive but another user's.
        return kill(pid, 0) != 0 && errno != EPERM
    }

    /// Whether the triggers are off.
    static func isSuspended(_ db: Database) throws -> Bool {
        let present =
            try Int.fetchOne(
                db,
                sql:
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (\(triggers.map { "'\($0)'" }.joined(separator: ",")))"
            ) ?? 0
        return present < triggers.count
    }

    /// Empties the summaries, refills them from the rows and puts the triggers back, in the
    /// caller's transaction.
    static func rebuild(_ db: Database) throws {
        for name in triggers { try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)") }
        try Store.setSetting(db, loaderKey, nil)
        for table in tables { try db.execute(sql: "DELETE FROM \(table)") }
        try db.execute(
            sql: SummaryTable.triggers("deal_aggregates", SummaryTable.deals, columns: SummaryTable.dealColumns)
                + Schema.reachTriggers
                + SummaryTable.triggers("case_aggregates", [.caseTotals], columns: SummaryTable.caseColumns)
                + Schema.dealTouchTriggers)
        try db.execute(
            sql: SummaryTable.deals.map(\.backfill).joined(separator: "\n") + Schema.reachBackfill
                + SummaryTable.caseTotals.backfill + Schema.dealTouchBackfill)
    }
}
