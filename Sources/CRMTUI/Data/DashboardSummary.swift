// crm — a terminal-first CRM. Licensed under the MIT License.

/// Headline figures for the dashboard, computed off the UI thread.
public struct DashboardSummary: Sendable, Equatable {
    public var stages: [StageSummary]
    /// Open pipeline value, per currency.
    public var openTotals: [MoneyAmount]
    /// Open pipeline weighted by stage probability, per currency.
    public var weightedTotals: [MoneyAmount]
    /// Won deals over closed deals, by count; nil when nothing is closed yet.
    public var winRate: Double?
    public var tasksToday: Int
    public var tasksOverdue: Int
    /// Open cases breached or at risk, most urgent first.
    public var urgentCases: [CaseRow]
    /// Won and new deals per week, cases per day, SLA compliance per week.
    public var trends: DashboardTrends
    /// No contact, company, deal or case yet: the dashboard teaches how to start instead of
    /// showing zeros.
    public var isEmptyDatabase: Bool

    public init(
        stages: [StageSummary], openTotals: [MoneyAmount], weightedTotals: [MoneyAmount], winRate: Double?,
        tasksToday: Int, tasksOverdue: Int, urgentCases: [CaseRow], trends: DashboardTrends = .empty,
        isEmptyDatabase: Bool = false
    ) {
        self.stages = stages
        self.openTotals = openTotals
        self.weightedTotals = weightedTotals
        self.winRate = winRate
        self.tasksToday = tasksToday
        self.tasksOverdue = tasksOverdue
        self.urgentCases = urgentCases
        self.trends = trends
        self.isEmptyDatabase = isEmptyDatabase
    }
}
