// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension DealQueries {
    /// For every live deal, the furthest stage position its history reached (lost excluded),
    /// counted per position; only deals whose first recorded stage entry is in `period`, if given.
    ///
    /// Reads `deal_reach`, the per-deal set of stages entered that the store's triggers keep:
    /// deals are counted per distinct set (a few dozen), and each set's furthest position is
    /// found here from the stages' current board order. A pipeline with a stage num above 63
    /// (a mask bit's limit) falls back to scanning the history.
    static func funnel(_ db: Database, stages: [PipelineStage], createdIn period: AnalyticsPeriod?) throws
        -> [FunnelReach]
    {
        let counted = stages.filter { $0.kind != .lost }
        guard !counted.isEmpty else { return [] }
        guard counted.allSatisfy({ AggregateLayout.maskedStageNums.contains($0.num) }) else {
            return try funnelScan(db, counted: counted, createdIn: period)
        }
        var sql = "SELECT mask, COUNT(*) FROM deal_reach INDEXED BY deal_reach_funnel WHERE live = 1"
        var arguments: StatementArguments = []
        if let period {
            sql += " AND first_at >= ? AND first_at < ?"
            arguments = [period.start, period.end]
        }
        sql += " GROUP BY mask"
        var deals: [Int: Int] = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            let mask: Int64 = row[0]
            let furthest = counted.filter { mask & (1 << ($0.num - 1)) != 0 }.map(\.position).max()
            if let furthest { deals[furthest, default: 0] += row[1] }
        }
        return deals.sorted { $0.key < $1.key }.map { FunnelReach(position: $0.key, deals: $0.value) }
    }

    /// The same figures by scanning every live history row: for pipelines beyond the mask.
    ///
    /// Stage positions come in as a `CASE` over the stage ids rather than a join, so each of the
    /// three-per-deal history rows costs a comparison, not an index lookup.
    static func funnelScan(_ db: Database, counted: [PipelineStage], createdIn period: AnalyticsPeriod?) throws
        -> [FunnelReach]
    {
        var arguments: StatementArguments = []
        for stage in counted { arguments += [stage.id.rawValue, stage.position] }
        let position = "CASE to_stage_id " + counted.map { _ in "WHEN ? THEN ?" }.joined(separator: " ") + " END"
        var having = ""
        if let period {
            having = "HAVING MIN(created_at) >= ? AND MIN(created_at) < ?"
            arguments += [period.start, period.end]
        }
        let sql = """
            SELECT furthest, COUNT(*) FROM (
                SELECT MAX(\(position)) AS furthest FROM stage_history
                WHERE deleted = 0 AND deal_id IN (SELECT id FROM deals WHERE deleted = 0)
                GROUP BY deal_id \(having))
            WHERE furthest IS NOT NULL GROUP BY furthest ORDER BY furthest
            """
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { FunnelReach(position: $0[0], deals: $0[1]) }
    }
}
