// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore

/// The forecast of one month or quarter, per currency; lost deals count zero in every figure.
public struct Forecast: Hashable, Sendable {
    public var period: AnalyticsPeriod
    /// Won deals closed in the period.
    public var wonCount: Int
    public var closedWon: CurrencyAmounts
    /// Closed won + open deals due in the period with probability ≥ 75%.
    public var commitCount: Int
    public var commit: CurrencyAmounts
    /// Closed won + every open deal due in the period.
    public var bestCaseCount: Int
    public var bestCase: CurrencyAmounts
    /// Closed won + Σ amount × probability / 100 of open deals due in the period.
    public var weighted: CurrencyAmounts
}

/// Won against lost, by count and by value.
public struct WinRate: Hashable, Sendable {
    public var won: Int
    public var lost: Int
    public var wonAmounts: CurrencyAmounts
    public var lostAmounts: CurrencyAmounts
    /// won / (won + lost), nil with no closed deal.
    public var byCount: Double?
    /// won value / (won + lost value), per currency.
    public var byValue: [String: Double]
}

/// The average time from a deal's creation to its win.
public struct SalesCycle: Hashable, Sendable {
    public var wonDeals: Int
    /// Mean days from created to won over every won deal, nil with none.
    public var averageDays: Double?
    /// The same per currency.
    public var byCurrency: [String: Double]
}

/// Sales velocity of one currency: how much value the pipeline turns into wins per day.
public struct Velocity: Hashable, Sendable {
    public var currency: String
    public var openDeals: Int
    /// Mean won amount, minor units.
    public var averageWon: Double
    public var winRate: Double
    public var cycleDays: Double
    /// open × average won × win rate / cycle days, minor units per day (rounded).
    public var perDay: Int64
}

/// One stage of the funnel: how many deals got at least this far, and how many of them went further.
public struct FunnelStep: Hashable, Sendable {
    public var stage: PipelineStage
    public var reached: Int
    /// reached(next stage) / reached(this stage); nil for the last stage or when none reached this one.
    public var conversionToNext: Double?
}

/// Pure sales metrics over the closed-deal, forecast and funnel scans.
public enum SalesMetrics {
    /// The default commit threshold in percent (SPEC section 6).
    public static let commitPercent = 75

    /// The forecast of `period` from its won deals (`closed` scanned for the same period) and due open deals.
    public static func forecast(period: AnalyticsPeriod, closed: [ClosedDealGroup], due: [ForecastGroup]) -> Forecast {
        let won = closed.filter { $0.kind == .won }
        let closedWon = CurrencyAmounts(won.map { ($0.currency, $0.amount) })
        let wonCount = won.reduce(0) { $0 + $1.count }
        var commit = closedWon
        var bestCase = closedWon
        var weightedPercent: [String: Int64] = [:]
        for group in due {
            bestCase.add(group.amount, group.currency)
            if group.commit { commit.add(group.amount, group.currency) }
            weightedPercent[group.currency, default: 0] += group.weightedPercent
        }
        var weighted = closedWon
        weighted.add(.fromPercentWeighted(weightedPercent))
        return Forecast(
            period: period, wonCount: wonCount, closedWon: closedWon,
            commitCount: wonCount + due.filter(\.commit).reduce(0) { $0 + $1.count }, commit: commit,
            bestCaseCount: wonCount + due.reduce(0) { $0 + $1.count }, bestCase: bestCase, weighted: weighted)
    }

    /// Win rate by count and by value over the closed deals given.
    public static func winRate(closed: [ClosedDealGroup]) -> WinRate {
        var result = WinRate(
            won: 0, lost: 0, wonAmounts: CurrencyAmounts(), lostAmounts: CurrencyAmounts(), byCount: nil, byValue: [:])
        for group in closed {
            if group.kind == .won {
                result.won += group.count
                result.wonAmounts.add(group.amount, group.currency)
            } else {
                result.lost += group.count
                result.lostAmounts.add(group.amount, group.currency)
            }
        }
        if result.won + result.lost > 0 { result.byCount = Double(result.won) / Double(result.won + result.lost) }
        for code in Set(result.wonAmounts.codes + result.lostAmounts.codes) {
            let total = result.wonAmounts[code] + result.lostAmounts[code]
            if total > 0 { result.byValue[code] = Double(result.wonAmounts[code]) / Double(total) }
        }
        return result
    }

    /// Mean days from creation to win over the won deals given.
    public static func cycle(closed: [ClosedDealGroup]) -> SalesCycle {
        let won = closed.filter { $0.kind == .won }
        let count = won.reduce(0) { $0 + $1.count }
        let millis = won.reduce(Int64(0)) { $0 + $1.cycleMillis }
        var byCurrency: [String: Double] = [:]
        for code in Set(won.map(\.currency)) {
            let groups = won.filter { $0.currency == code }
            let n = groups.reduce(0) { $0 + $1.count }
            if n > 0 {
                byCurrency[code] = Double(groups.reduce(Int64(0)) { $0 + $1.cycleMillis }) / Double(n) / 86_400_000
            }
        }
        return SalesCycle(
            wonDeals: count, averageDays: count == 0 ? nil : Double(millis) / Double(count) / 86_400_000,
            byCurrency: byCurrency)
    }

    /// Sales velocity per currency: open deals × average won size × win rate ÷ cycle days, all in that currency.
    ///
    /// A currency with no won deal, or a zero-day cycle, has no velocity (it would be zero or infinite).
    public static func velocity(open: [OpenDealGroup], closed: [ClosedDealGroup]) -> [Velocity] {
        var lines: [Velocity] = []
        for code in Set(open.map(\.currency) + closed.map(\.currency)).sorted() {
            let inCurrency = closed.filter { $0.currency == code }
            let rate = winRate(closed: inCurrency)
            let cycleDays = cycle(closed: inCurrency).averageDays ?? 0
            guard rate.won > 0, let winShare = rate.byCount, cycleDays > 0 else { continue }
            let openDeals = open.filter { $0.currency == code }.reduce(0) { $0 + $1.count }
            let averageWon = Double(rate.wonAmounts[code]) / Double(rate.won)
            let perDay = Double(openDeals) * averageWon * winShare / cycleDays
            lines.append(
                Velocity(
                    currency: code, openDeals: openDeals, averageWon: averageWon, winRate: winShare,
                    cycleDays: cycleDays,
                    perDay: Int64(perDay.rounded())))
        }
        return lines
    }

    /// The funnel: for each non-lost stage in board order, deals whose furthest stage is at or after it.
    public static func funnel(stages: [PipelineStage], reach: [FunnelReach]) -> [FunnelStep] {
        let ordered = stages.filter { $0.kind != .lost }
        let reached = ordered.map { stage in reach.filter { $0.position >= stage.position }.reduce(0) { $0 + $1.deals }
        }
        return ordered.enumerated().map { index, stage in
            let next = index + 1 < reached.count ? reached[index + 1] : nil
            let conversion = next.flatMap { reached[index] > 0 ? Double($0) / Double(reached[index]) : nil }
            return FunnelStep(stage: stage, reached: reached[index], conversionToNext: conversion)
        }
    }
}
