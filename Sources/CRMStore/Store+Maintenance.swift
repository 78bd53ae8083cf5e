// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB

extension Store {
    /// Copies the whole database, consistent at one moment, into a new file at `path`.
    ///
    /// Uses SQLite's online backup, so the copy is safe while the TUI or a sync is writing.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw StoreError.fileExists(path: path) }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder) else { throw StoreError.folderMissing(path: folder) }
        let destination = try DatabaseQueue(path: path)
        try writer.backup(to: destination)
        try destination.close()
    }

    /// Checks SQLite integrity and the store's own invariants; returns the problems found.
    ///
    /// A file too damaged for the checks to run is one problem, SQLite's own words, not an error.
    public func check() throws -> [String] {
        do {
            return try invariantProblems()
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            return ["sqlite: \(error.message ?? "database disk image is malformed")"]
        }
    }

    private func invariantProblems() throws -> [String] {
        try read { db in
            var problems: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] {
                // Rows and indexes may be unreadable: the store's own checks would only fail again.
                return integrity.map { "sqlite: \($0)" }
            }
            if let row = try Row.fetchOne(
                db, sql: "SELECT MIN(device_seq) AS lo, MAX(device_seq) AS hi, COUNT(*) AS n FROM change_log"),
                let count: Int64 = row["n"], count > 0, let low: Int64 = row["lo"], let high: Int64 = row["hi"]
            {
                if high - low + 1 != count {
                    problems.append("change log: device sequence has gaps (\(count) entries from \(low) to \(high))")
                }
                let last = try Int64.fetchOne(db, sql: "SELECT last_device_seq FROM clock WHERE id = 1") ?? 0
                if last != high { problems.append("change log: clock says \(last) but the log ends at \(high)") }
            }
            var expected = 0
            for kind in [EntityKind.contact, .company, .deal, .supportCase, .activity] {
                expected += try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(kind.table) WHERE deleted = 0") ?? 0
            }
            let indexed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM search") ?? 0
            if indexed != expected { problems.append("search index: \(indexed) entries for \(expected) live records") }
            let missingStage =
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM deals d WHERE d.deleted = 0 AND NOT EXISTS (SELECT 1 FROM stages s WHERE s.id = d.stage_id)"
                ) ?? 0
            if missingStage > 0 { problems.append("\(missingStage) deals point at a stage that does not exist") }
            return problems + (try Self.aggregateProblems(db))
        }
    }

    /// The analytics aggregates (`deal_totals`, `deal_reach`) against the deals they summarise:
    /// a difference means a write reached the tables without their triggers.
    static func aggregateProblems(_ db: Database) throws -> [String] {
        let byDeals =
            "SELECT stage_id, currency, COUNT(*), SUM(amount_minor) FROM deals WHERE deleted = 0 GROUP BY 1, 2"
        let byTotals = """
            SELECT stage_id, currency, SUM(deals), SUM(amount) FROM deal_totals GROUP BY 1, 2 HAVING SUM(deals) != 0
            """
        var problems: [String] = []
        let drift =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM (SELECT stage_id, currency FROM (\(byDeals) EXCEPT \(byTotals))
                        UNION SELECT stage_id, currency FROM (\(byTotals) EXCEPT \(byDeals)))
                    """) ?? 0
        if drift > 0 { problems.append("analytics totals: \(drift) stage and currency groups differ from the deals") }
        let unreached =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM deals d LEFT JOIN deal_reach r ON r.deal_num = d.num
                    WHERE r.deal_num IS NULL OR r.live != (d.deleted = 0)
                    """) ?? 0
        if unreached > 0 { problems.append("analytics funnel: \(unreached) deals missing from deal_reach") }
        let untouched = try Int.fetchOne(db, sql: Schema.dealTouchDrift) ?? 0
        if untouched > 0 { problems.append("analytics aging: \(untouched) deals' last activity time differs") }
        let settled = "SELECT status, priority, COUNT(*) FROM cases d WHERE \(SummaryTable.settled("d")) GROUP BY 1, 2"
        let summed = "SELECT status, priority, SUM(cases) FROM case_totals GROUP BY 1, 2 HAVING SUM(cases) != 0"
        let caseDrift =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM (SELECT status, priority FROM (\(settled) EXCEPT \(summed))
                        UNION SELECT status, priority FROM (\(summed) EXCEPT \(settled)))
                    """) ?? 0
        if caseDrift > 0 {
            problems.append("analytics cases: \(caseDrift) status and priority groups differ from the cases")
        }
        return problems
    }
}
