// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// Open deals by stage, currency and owner, read from `deal_totals` (kept by triggers, per day
/// of creation) instead of a scan of every deal.
///
/// The age bands and the stale cut-off compare `created_at` with instants such as "now − 31
/// days". Whole days on either side of an instant are summed from the totals; the one day the
/// instant falls in is counted exactly from the deals themselves, through the
/// `deals_analytics_recent` index, so the figures equal a scan's to the millisecond.
struct OpenDealTotals {
    /// One group's running sums.
    struct Sums {
        var count = 0
        var amount: Int64 = 0
        var weighted: Int64 = 0
        var unweighted: Int64 = 0
        var undated = 0
        var undatedAmount: Int64 = 0
        var createdOffset: Int64 = 0
        /// Created after now − 31, 61, 91 days (undated deals count as created now).
        var within: [OpenDealGroup.Slice] = Array(repeating: .init(count: 0, amount: 0), count: 3)
        /// Created before the stale cut-off.
        var old = OpenDealGroup.Slice(count: 0, amount: 0)
    }

    struct Key: Hashable {
        var stageID: String
        var currency: String
        var ownerKey: String
    }

    let db: Database
    let now: Int64
    let staleCutoff: Int64
    private static let day = AggregateLayout.day

    var bandStarts: [Int64] { [31, 61, 91].map { now - $0 * Self.day } }

    func groups() throws -> [OpenDealGroup] {
        var sums = try wholeDays()
        for (index, start) in bandStarts.enumerated() {
            try boundary(start, after: true) { sums[$0, default: Sums()].within[index].add($1) }
        }
        try boundary(staleCutoff, after: false) { sums[$0, default: Sums()].old.add($1) }
        return sums.filter { $0.value.count > 0 }.map(group).sorted {
            ($0.stageID, $0.currency, $0.ownerID ?? "") < ($1.stageID, $1.currency, $1.ownerID ?? "")
        }
    }

    /// Totals over open stages, with the bands summed over the days wholly inside them.
    private func wholeDays() throws -> [Key: Sums] {
        let days = bandStarts.map { $0 / Self.day }
        let band = { (name: String) in
            "SUM(CASE WHEN created_day > :\(name) THEN deals ELSE 0 END), SUM(CASE WHEN created_day > :\(name) THEN amount ELSE 0 END)"
        }
        let sql = """
            SELECT t.stage_id, t.currency, t.owner_key, SUM(deals), SUM(amount), SUM(weighted), SUM(unweighted_amount),
                SUM(undated), SUM(undated_amount), SUM(created_offset_sum), \(band("d31")), \(band("d61")), \(band("d91")),
                SUM(CASE WHEN created_day < :cut AND created_day != :undated THEN deals ELSE 0 END),
                SUM(CASE WHEN created_day < :cut AND created_day != :undated THEN amount ELSE 0 END)
            FROM deal_totals t JOIN stages s ON s.id = t.stage_id
            WHERE s.kind = 'open' AND t.deals > 0 GROUP BY t.stage_id, t.currency, t.owner_key
            """
        let arguments: StatementArguments = [
            "d31": days[0], "d61": days[1], "d91": days[2], "cut": staleCutoff / Self.day,
            "undated": AggregateLayout.undatedDay,
        ]
        var sums: [Key: Sums] = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            var value = Sums(
                count: row[3], amount: row[4], weighted: row[5], unweighted: row[6], undated: row[7],
                undatedAmount: row[8], createdOffset: row[9])
            value.within = [10, 12, 14].map { OpenDealGroup.Slice(count: row[$0], amount: row[$0 + 1]) }
            value.old = OpenDealGroup.Slice(count: row[16], amount: row[17])
            sums[Key(stageID: row[0], currency: row[1], ownerKey: row[2])] = value
        }
        return sums
    }

    /// Live open deals created on the day `instant` falls in, after it (`after`) or before it.
    private func boundary(_ instant: Int64, after: Bool, add: (Key, OpenDealGroup.Slice) -> Void) throws {
        let bucket = instant / Self.day
        let test = after ? "created_at > :instant" : "created_at < :instant"
        let sql = """
            SELECT stage_id, currency, COALESCE(owner_id, ''), SUM(\(test)), SUM(CASE WHEN \(test) THEN amount_minor ELSE 0 END)
            FROM deals \(try IndexHint.indexedBy("deals_analytics_recent", db))
            WHERE deleted = 0 AND created_at IS NOT NULL AND created_at > :low AND created_at < :high
                AND created_at / :day = :bucket AND stage_id IN (SELECT id FROM stages WHERE kind = 'open')
            GROUP BY 1, 2, 3
            """
        let arguments: StatementArguments = [
            "instant": instant, "low": (bucket - 1) * Self.day, "high": (bucket + 1) * Self.day, "day": Self.day,
            "bucket": bucket,
        ]
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            add(
                Key(stageID: row[0], currency: row[1], ownerKey: row[2]),
                OpenDealGroup.Slice(count: row[3], amount: row[4]))
        }
    }

    /// The group a scan would have produced: undated deals count as created now.
    private func group(_ key: Key, _ sums: Sums) -> OpenDealGroup {
        let dated = sums.count - sums.undated
        let within = sums.within.map {
            OpenDealGroup.Slice(count: $0.count + sums.undated, amount: $0.amount + sums.undatedAmount)
        }
        let bands = [
            within[0],
            OpenDealGroup.Slice(count: within[1].count - within[0].count, amount: within[1].amount - within[0].amount),
            OpenDealGroup.Slice(count: within[2].count - within[1].count, amount: within[2].amount - within[1].amount),
            OpenDealGroup.Slice(count: sums.count - within[2].count, amount: sums.amount - within[2].amount),
        ]
        let age = Int64(dated) * (now - AggregateLayout.createdEpoch) - sums.createdOffset
        return OpenDealGroup(
            stageID: key.stageID, currency: key.currency, ownerID: key.ownerKey.isEmpty ? nil : key.ownerKey,
            count: sums.count, amount: sums.amount, ownWeightedPercent: sums.weighted,
            stageDefaultAmount: sums.unweighted,
            ageMillis: age, bands: bands, old: sums.old)
    }
}

extension OpenDealGroup.Slice {
    mutating func add(_ other: Self) {
        count += other.count
        amount += other.amount
    }
}
