// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// Deals won in each of a run of consecutive periods (the weeks of a trend chart), in one pass
/// over `deal_closed_totals` instead of one per period.
///
/// The totals are kept per UTC day of closing. A UTC day wholly inside one period is added to
/// it from the totals; a day that a period boundary cuts (local weeks rarely start at a UTC
/// midnight) is read deal by deal through `deals_analytics_closed` and each deal goes to the
/// period its `closed_at` falls in — at most one day per boundary.
struct WonPerPeriod {
    let db: Database
    let periods: [AnalyticsPeriod]
    private static let day = AggregateLayout.day
    private static let wonStages = "SELECT id FROM stages WHERE kind = 'won'"

    /// Per period, its won deals by currency (`ownerID` nil, `cycleMillis` the Σ of closed − created).
    func groups() throws -> [[ClosedDealGroup]] {
        var result = Array(repeating: [ClosedDealGroup](), count: periods.count)
        guard let first = periods.first, let last = periods.last else { return result }
        var cutDays: Set<Int64> = []
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT closed_day, currency, SUM(deals), SUM(amount), SUM(cycle_sum) FROM deal_closed_totals
                WHERE deals != 0 AND stage_id IN (\(Self.wonStages)) AND closed_day >= ? AND closed_day <= ?
                GROUP BY closed_day, currency
                """, arguments: [floorDay(first.start), floorDay(last.end - 1)])
        for row in rows {
            let day: Int64 = row[0]
            let start = day * Self.day
            guard let index = periods.firstIndex(where: { $0.start <= start && start + Self.day <= $0.end }) else {
                cutDays.insert(day)
                continue
            }
            add(&result[index], currency: row[1], count: row[2], amount: row[3], cycle: row[4])
        }
        for day in cutDays.sorted() {
            let deals = try Row.fetchAll(
                db,
                sql: """
                    SELECT closed_at, currency, amount_minor, closed_at - COALESCE(created_at, closed_at)
                    FROM deals \(try IndexHint.indexedBy("deals_analytics_closed", db))
                    WHERE deleted = 0 AND closed_at IS NOT NULL AND closed_at >= ? AND closed_at < ?
                        AND stage_id IN (\(Self.wonStages))
                    """, arguments: [day * Self.day, (day + 1) * Self.day])
            for deal in deals {
                let closedAt: Int64 = deal[0]
                guard let index = periods.firstIndex(where: { $0.contains(closedAt) }) else { continue }
                add(&result[index], currency: deal[1], count: 1, amount: deal[2], cycle: deal[3])
            }
        }
        return result
    }

    private func floorDay(_ millis: Int64) -> Int64 {
        millis >= 0 ? millis / Self.day : (millis - Self.day + 1) / Self.day
    }

    private func add(_ groups: inout [ClosedDealGroup], currency: String, count: Int, amount: Int64, cycle: Int64) {
        if let index = groups.firstIndex(where: { $0.currency == currency }) {
            groups[index].count += count
            groups[index].amount += amount
            groups[index].cycleMillis += cycle
        } else {
            groups.append(
                ClosedDealGroup(
                    kind: .won, currency: currency, ownerID: nil, count: count, amount: amount, cycleMillis: cycle))
        }
    }
}
