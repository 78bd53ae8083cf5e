// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore

/// Open pipeline figures of one stage: count, value and weighted value per currency.
public struct StagePipeline: Hashable, Sendable {
    public var stage: PipelineStage
    public var count: Int
    public var amounts: CurrencyAmounts
    /// Σ amount × probability / 100 per currency (deal probability, else the stage's).
    public var weighted: CurrencyAmounts
}

/// The open pipeline: every open stage in board order plus totals.
public struct PipelineReport: Hashable, Sendable {
    public var stages: [StagePipeline]
    public var count: Int
    public var amounts: CurrencyAmounts
    /// Weighted total, rounded once per currency (may differ by a minor unit from the sum of stages).
    public var weighted: CurrencyAmounts
}

/// How old the open deals are, and how many went quiet.
public struct DealAging: Hashable, Sendable {
    /// One age band of open deals.
    public struct Bucket: Hashable, Sendable {
        public var label: String
        public var count: Int
        public var amounts: CurrencyAmounts
    }

    public var buckets: [Bucket]
    /// Mean age of open deals in days, nil with no open deal.
    public var averageAgeDays: Double?
    public var staleDays: Int
    /// Open deals older than `staleDays` with no activity in the last `staleDays`.
    public var staleCount: Int
    public var staleAmounts: CurrencyAmounts

    /// The age band labels, index = `OpenDealGroup.bands`.
    public static let labels = ["0-30 days", "31-60 days", "61-90 days", "over 90 days"]
}

/// One owner's line on the leaderboard.
public struct LeaderboardEntry: Hashable, Sendable {
    public var ownerID: String?
    public var name: String
    public var won: Int
    public var lost: Int
    public var wonAmounts: CurrencyAmounts
    public var openCount: Int
    public var openAmounts: CurrencyAmounts
    /// won / (won + lost), nil with no closed deal.
    public var winRate: Double?
}

/// Pure pipeline metrics over the open-deal and closed-deal scans.
public enum PipelineMetrics {
    /// Open pipeline by stage: open stages in board order, each with count, value and weighted value.
    public static func pipeline(stages: [PipelineStage], open: [OpenDealGroup]) -> PipelineReport {
        var lines: [StagePipeline] = []
        var total = CurrencyAmounts()
        var totalWeighted: [String: Int64] = [:]
        for stage in stages where stage.kind == .open {
            let groups = open.filter { $0.stageID == stage.id.rawValue }
            var amounts = CurrencyAmounts()
            var weighted: [String: Int64] = [:]
            for group in groups {
                let percent = group.weightedPercent(stageProbability: stage.probability)
                amounts.add(group.amount, group.currency)
                weighted[group.currency, default: 0] += percent
                totalWeighted[group.currency, default: 0] += percent
            }
            total.add(amounts)
            lines.append(
                StagePipeline(
                    stage: stage, count: groups.reduce(0) { $0 + $1.count }, amounts: amounts,
                    weighted: .fromPercentWeighted(weighted)))
        }
        return PipelineReport(
            stages: lines, count: lines.reduce(0) { $0 + $1.count }, amounts: total,
            weighted: .fromPercentWeighted(totalWeighted))
    }

    /// Age bands of open deals and the stale ones: old deals minus old deals touched since the cut-off.
    public static func aging(open: [OpenDealGroup], touched: [TouchedGroup], staleDays: Int) -> DealAging {
        var buckets = DealAging.labels.map { DealAging.Bucket(label: $0, count: 0, amounts: CurrencyAmounts()) }
        var oldCount = 0
        var oldAmounts = CurrencyAmounts()
        for group in open {
            for (index, band) in group.bands.prefix(buckets.count).enumerated() where band.count > 0 {
                buckets[index].count += band.count
                buckets[index].amounts.add(band.amount, group.currency)
            }
            if group.old.count > 0 {
                oldCount += group.old.count
                oldAmounts.add(group.old.amount, group.currency)
            }
        }
        let openCount = open.reduce(0) { $0 + $1.count }
        let ageMillis = open.reduce(Int64(0)) { $0 + $1.ageMillis }
        let touchedAmounts = CurrencyAmounts(touched.map { ($0.currency, $0.amount) })
        return DealAging(
            buckets: buckets, averageAgeDays: openCount == 0 ? nil : Double(ageMillis) / Double(openCount) / 86_400_000,
            staleDays: staleDays, staleCount: oldCount - touched.reduce(0) { $0 + $1.count },
            staleAmounts: oldAmounts.subtracting(touchedAmounts))
    }

    /// Owners by deals won (then open deals, then name); `closed` is the window's won and lost deals.
    public static func leaderboard(open: [OpenDealGroup], closed: [ClosedDealGroup], names: [String: String])
        -> [LeaderboardEntry]
    {
        var entries: [String: LeaderboardEntry] = [:]
        func entry(_ owner: String?) -> LeaderboardEntry {
            entries[owner ?? ""]
                ?? LeaderboardEntry(
                    ownerID: owner, name: owner.map { names[$0] ?? "(unknown user)" } ?? "(no owner)", won: 0, lost: 0,
                    wonAmounts: CurrencyAmounts(), openCount: 0, openAmounts: CurrencyAmounts(), winRate: nil)
        }
        for group in open {
            var line = entry(group.ownerID)
            line.openCount += group.count
            line.openAmounts.add(group.amount, group.currency)
            entries[group.ownerID ?? ""] = line
        }
        for group in closed {
            var line = entry(group.ownerID)
            if group.kind == .won {
                line.won += group.count
                line.wonAmounts.add(group.amount, group.currency)
            } else {
                line.lost += group.count
            }
            entries[group.ownerID ?? ""] = line
        }
        return entries.values.map { line in
            var line = line
            line.winRate = line.won + line.lost == 0 ? nil : Double(line.won) / Double(line.won + line.lost)
            return line
        }.sorted { ($1.won, $1.openCount, $0.name) < ($0.won, $0.openCount, $1.name) }
    }
}
