// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMStore

/// Every metric of SPEC section 6 at one moment: an immutable value the UI can hold and draw.
///
/// The engine publishes a new snapshot after each change to the data; a screen keeps the one it
/// drew until a newer `generation` appears, so it never sees half-updated figures.
///
/// ```swift
/// if let snapshot = engine.latest {
///     for stage in snapshot.pipeline.stages { print(stage.stage.name, stage.count) }
/// }
/// ```
public struct AnalyticsSnapshot: Sendable {
    /// The engine generation this snapshot answers (0 for a one-off computation).
    public var generation: UInt64
    public var request: AnalyticsRequest
    /// Wall-clock seconds the computation took.
    public var seconds: Double

    public var pipeline: PipelineReport
    public var aging: DealAging
    public var forecastMonth: Forecast
    public var forecastQuarter: Forecast
    public var winRate: WinRate
    public var cycle: SalesCycle
    public var velocity: [Velocity]
    public var funnel: [FunnelStep]
    public var leaderboard: [LeaderboardEntry]
    public var service: ServiceReport
    public var overdueTasks: [OverdueTasks]
    /// Won and new deals per week, cases opened and resolved per day, SLA compliance per week.
    public var trends: TrendReport
}
