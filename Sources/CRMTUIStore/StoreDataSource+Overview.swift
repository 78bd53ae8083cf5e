// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMAnalytics
import CRMCore
import CRMStore
import CRMTUI

extension StoreDataSource {
    public func agenda(now: Int64, endOfDay: Int64, limit: Int) throws -> Agenda {
        Agenda(
            overdue: try tasks(from: nil, until: now, limit: limit),
            today: try tasks(from: now, until: endOfDay, limit: limit),
            upcoming: try tasks(from: endOfDay, until: nil, limit: limit))
    }

    /// The user's own open tasks due in `[from, until)`, soonest first, with what each is about.
    ///
    /// Only the current user's (a teammate's tasks reach this device by sync but are not this
    /// user's agenda); every task when no user is set yet.
    private func tasks(from start: Int64?, until end: Int64?, limit: Int) throws -> [TaskRow] {
        try store.agendaTasks(owner: try store.currentUser()?.id, from: start, until: end, limit: limit).map { item in
            TaskRow(
                id: item.task.id, subject: item.task.subject, dueAt: item.task.dueAt,
                related: item.about.map { RecordRef($0.kind, $0.id) }, relatedName: item.about?.name ?? "")
        }
    }

    /// How many of the user's open tasks are due in `[from, until)`: counted, never capped.
    private func taskCount(from start: Int64?, until end: Int64?) throws -> Int {
        try store.openTaskCount(owner: try store.currentUser()?.id, from: start, until: end)
    }

    public func markTaskDone(_ id: RecordID) throws {
        try store.setTaskDone(id)
    }

    /// The dashboard: the pipeline and win rate from the analytics engine's snapshot (the
    /// figures `crm report` prints, by the same functions), the stage bars and the user's own
    /// task counts from the store.
    public func dashboard(now: Int64) throws -> DashboardSummary {
        let figures = try snapshot(now: now)
        let urgent =
            try cases(.breached, now: now, PageRequest(limit: 5)) + cases(.atRisk, now: now, PageRequest(limit: 5))
        return DashboardSummary(
            stages: try stages(), openTotals: Self.amounts(figures.pipeline.amounts),
            weightedTotals: Self.amounts(figures.pipeline.weighted), winRate: figures.winRate.byCount,
            tasksToday: try taskCount(from: now, until: Presentation.endOfDay(now)),
            tasksOverdue: try taskCount(from: nil, until: now), urgentCases: urgent,
            trends: Self.trends(figures.trends), isEmptyDatabase: try store.isEmptyOfRecords())
    }

    /// The snapshot's trend series as the dashboard draws them: the numbers `crm report trends` prints.
    static func trends(_ report: TrendReport) -> DashboardTrends {
        DashboardTrends(
            wonCount: report.sales.map(\.wonCount),
            wonValue: report.wonCurrencies.map { code in
                DashboardTrends.WonValue(currency: code, minorUnits: report.sales.map { $0.wonAmounts[code] })
            },
            newDeals: report.sales.map(\.newDeals), casesOpened: report.cases.map(\.opened),
            casesResolved: report.cases.map(\.resolved), slaRate: report.sla.map(\.rate))
    }

    /// Per-currency sums as the dashboard draws them, by currency code.
    static func amounts(_ sums: CurrencyAmounts) -> [MoneyAmount] {
        sums.minorUnits.keys.sorted().map { MoneyAmount(minorUnits: sums.minorUnits[$0] ?? 0, currency: $0) }
    }

    /// The store's notification centre (`Store.notifications`), each line the record and why.
    public func notifications(now: Int64, limit: Int) throws -> [NotificationItem] {
        try store.notifications(now: now).prefix(limit).map { item in
            NotificationItem(
                id: item.id, at: item.at, text: "\(item.title) — \(item.why)", severity: Self.severity(item.reason),
                ref: RecordRef(item.kind, item.recordID), read: item.state == .read)
        }
    }

    public func changeStamp() -> [Int64]? { try? store.changeStamp() }

    public func markNotifications(_ ids: [String], dismissed: Bool) throws {
        try store.markNotifications(ids, dismissed ? .dismissed : .read)
    }

    public func snoozeNotifications(_ ids: [String], until: Int64) throws {
        try store.markNotifications(ids, .snoozed, until: until)
    }

    static func severity(_ reason: CRMNotification.Reason) -> NotificationItem.Severity {
        switch reason {
        case .slaBreached, .taskOverdue: .alert
        case .slaAtRisk, .taskDue: .warning
        case .caseAssigned, .customerReply, .dealIdle: .info
        }
    }
}
