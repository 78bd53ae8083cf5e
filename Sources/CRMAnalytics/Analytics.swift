// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation

/// Computes snapshots from the store: SQL scans on WAL readers, then the pure metrics.
///
/// The work is cut in three parts that read independently (deals, funnel history, cases), so
/// the engine can run them on parallel workers; `compute` runs them one after another.
public enum Analytics {
    /// The pipeline, forecast, win-rate, cycle, velocity, aging and leaderboard figures.
    public struct DealPart: Sendable {
        public var stages: [PipelineStage]
        public var pipeline: PipelineReport
        public var aging: DealAging
        public var forecastMonth: Forecast
        public var forecastQuarter: Forecast
        public var winRate: WinRate
        public var cycle: SalesCycle
        public var velocity: [Velocity]
        public var leaderboard: [LeaderboardEntry]
        /// Won and new deals per week (the sales trend).
        public var sales: [SalesWeek]
    }

    /// The service figures.
    public struct CasePart: Sendable {
        public var service: ServiceReport
        public var overdueTasks: [OverdueTasks]
        /// Cases opened and resolved per day, and SLA compliance per week.
        public var caseDays: [CaseDay]
        public var sla: [SLAWeek]
    }

    /// Everything, in one call (the CLI and tests); `isCancelled` is checked between parts.
    public static func compute(
        _ store: Store, _ request: AnalyticsRequest, generation: UInt64 = 0, isCancelled: () -> Bool = { false }
    ) throws -> AnalyticsSnapshot? {
        let start = DispatchTime.now().uptimeNanoseconds
        let deals = try store.summaries { reader in try dealPart(reader, request) }
        if isCancelled() { return nil }
        let funnel = try store.summaries { reader in try funnelReach(reader, request) }
        if isCancelled() { return nil }
        let cases = try store.summaries { reader in try casePart(reader, request) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return assemble(
            generation: generation, request: request, seconds: seconds, deals: deals, funnel: funnel, cases: cases)
    }

    /// Joins the three parts into a snapshot.
    public static func assemble(
        generation: UInt64, request: AnalyticsRequest, seconds: Double, deals: DealPart, funnel: [FunnelReach],
        cases: CasePart
    ) -> AnalyticsSnapshot {
        AnalyticsSnapshot(
            generation: generation, request: request, seconds: seconds, pipeline: deals.pipeline, aging: deals.aging,
            forecastMonth: deals.forecastMonth, forecastQuarter: deals.forecastQuarter, winRate: deals.winRate,
            cycle: deals.cycle, velocity: deals.velocity,
            funnel: SalesMetrics.funnel(stages: deals.stages, reach: funnel),
            leaderboard: deals.leaderboard, service: cases.service, overdueTasks: cases.overdueTasks,
            trends: TrendReport(sales: deals.sales, cases: cases.caseDays, sla: cases.sla))
    }

    /// The deal scans and their metrics, on one read snapshot.
    public static func dealPart(_ reader: SummaryReader, _ request: AnalyticsRequest) throws -> DealPart {
        let stages = try reader.stages()
        let open = try reader.openDeals(now: request.now, staleDays: request.staleDays)
        let closed = try reader.closedDeals(in: request.window)
        let touched = try reader.touchedDeals(now: request.now, staleDays: request.staleDays)
        let names = try reader.userNames()
        return DealPart(
            stages: stages, pipeline: PipelineMetrics.pipeline(stages: stages, open: open),
            aging: PipelineMetrics.aging(open: open, touched: touched, staleDays: request.staleDays),
            forecastMonth: try forecast(reader, .month(containing: request.now, in: request.timeZone)),
            forecastQuarter: try forecast(reader, .quarter(containing: request.now, in: request.timeZone)),
            winRate: SalesMetrics.winRate(closed: closed), cycle: SalesMetrics.cycle(closed: closed),
            velocity: SalesMetrics.velocity(open: open, closed: closed),
            leaderboard: PipelineMetrics.leaderboard(open: open, closed: closed, names: names),
            sales: try TrendMetrics.sales(reader, request))
    }

    /// The forecast of one period.
    public static func forecast(_ reader: SummaryReader, _ period: AnalyticsPeriod) throws -> Forecast {
        SalesMetrics.forecast(
            period: period, closed: try reader.closedDeals(in: period),
            due: try reader.forecastDeals(in: period, commitPercent: SalesMetrics.commitPercent))
    }

    /// The funnel scan over stage history.
    public static func funnelReach(_ reader: SummaryReader, _ request: AnalyticsRequest) throws -> [FunnelReach] {
        try reader.funnel(stages: try reader.stages(), createdIn: request.window)
    }

    /// The case scan and overdue tasks.
    public static func casePart(_ reader: SummaryReader, _ request: AnalyticsRequest) throws -> CasePart {
        let names = try reader.userNames()
        return CasePart(
            service: ServiceMetrics.report(cases: try reader.cases(now: request.now, createdIn: request.window)),
            overdueTasks: try reader.overdueTasks(now: request.now, names: names),
            caseDays: try TrendMetrics.cases(reader, request), sla: try TrendMetrics.sla(reader, request))
    }
}
