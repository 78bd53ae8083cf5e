// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMAnalytics
import CRMCore
import CRMStore
import CRMTUI
import GRDB

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
        let (condition, arguments) = try taskCondition(from: start, until: end)
        let sql = """
            SELECT a.id, a.subject, a.due_at, a.contact_id, a.company_id, a.deal_id, a.case_id,
                p.name AS contact_name, co.name AS company_name, d.title AS deal_title, k.subject AS case_subject
            FROM activities a
            LEFT JOIN contacts p ON p.id = a.contact_id LEFT JOIN companies co ON co.id = a.company_id
            LEFT JOIN deals d ON d.id = a.deal_id LEFT JOIN cases k ON k.id = a.case_id
            WHERE \(condition)
            """
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: sql + " ORDER BY a.due_at, a.num LIMIT ?", arguments: arguments + [limit])
        }
        return rows.compactMap { row in
            guard let id = RecordID(row["id"] as String) else { return nil }
            let links: [(EntityKind, String, String)] = [
                (.deal, "deal_id", "deal_title"), (.supportCase, "case_id", "case_subject"),
                (.contact, "contact_id", "contact_name"), (.company, "company_id", "company_name"),
            ]
            let link = links.lazy.compactMap { kind, column, name -> (RecordRef, String)? in
                guard let text: String = row[column], let linked = RecordID(text) else { return nil }
                return (RecordRef(kind, linked), row[name] ?? "")
            }.first
            return TaskRow(
                id: id, subject: row["subject"], dueAt: row["due_at"], related: link?.0, relatedName: link?.1 ?? "")
        }
    }

    /// The `WHERE` of the user's open tasks due in `[from, until)`, and its arguments.
    private func taskCondition(from start: Int64?, until end: Int64?) throws -> (String, StatementArguments) {
        var sql = "a.deleted = 0 AND a.kind = 'task' AND a.done = 0 AND a.due_at IS NOT NULL"
        var arguments: StatementArguments = []
        if let me = try store.currentUser() {
            sql += " AND a.owner_id = ?"
            arguments += [me.id.rawValue]
        }
        if let start {
            sql += " AND a.due_at >= ?"
            arguments += [start]
        }
        if let end {
            sql += " AND a.due_at < ?"
            arguments += [end]
        }
        return (sql, arguments)
    }

    /// How many of the user's open tasks are due in `[from, until)`: counted, never capped.
    private func taskCount(from start: Int64?, until end: Int64?) throws -> Int {
        let (condition, arguments) = try taskCondition(from: start, until: end)
        return try store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activities a WHERE \(condition)", arguments: arguments) ?? 0
        }
    }

    public func markTaskDone(_ id: RecordID) throws {
        try store.setTaskDone(id)
    }

    public func dashboard(now: Int64) throws -> DashboardSummary {
        let stages = try stages()
        let won = stages.filter { $0.kind == .won }.map(\.dealCount).reduce(0, +)
        let lost = stages.filter { $0.kind == .lost }.map(\.dealCount).reduce(0, +)
        let urgent =
            try cases(.breached, now: now, PageRequest(limit: 5)) + cases(.atRisk, now: now, PageRequest(limit: 5))
        // The open pipeline and its weighting come from the very functions `crm report pipeline`
        // prints (a deal's own probability overrides its stage's), so the two never disagree.
        let pipeline = try store.read { db in
            PipelineMetrics.pipeline(
                stages: try DealQueries.stages(db), open: try DealQueries.openDeals(db, now: now, staleDays: 30))
        }
        return DashboardSummary(
            stages: stages, openTotals: Self.amounts(pipeline.amounts), weightedTotals: Self.amounts(pipeline.weighted),
            winRate: won + lost == 0 ? nil : Double(won) / Double(won + lost),
            tasksToday: try taskCount(from: now, until: Presentation.endOfDay(now)),
            tasksOverdue: try taskCount(from: nil, until: now), urgentCases: urgent)
    }

    /// Per-currency sums as the dashboard draws them, by currency code.
    static func amounts(_ sums: CurrencyAmounts) -> [MoneyAmount] {
        sums.minorUnits.keys.sorted().map { MoneyAmount(minorUnits: sums.minorUnits[$0] ?? 0, currency: $0) }
    }

    public func notifications(now: Int64, limit: Int) throws -> [NotificationItem] {
        let overdue = try tasks(from: nil, until: now, limit: limit).map {
            NotificationItem(
                id: "task-\($0.id)", at: $0.dueAt ?? now, text: "Task overdue: \($0.subject)", severity: .warning,
                ref: $0.related)
        }
        let breached = try cases(.breached, now: now, PageRequest(limit: limit)).map {
            NotificationItem(
                id: "sla-\($0.id)", at: $0.slaDue ?? now, text: "SLA breached: \($0.subject)", severity: .alert,
                ref: RecordRef(.supportCase, $0.id))
        }
        let assigned = try (store.currentUser() == nil ? [] : cases(.mine, now: now, PageRequest(limit: limit)))
            .filter { $0.status == "new" }
            .map {
                NotificationItem(
                    id: "new-\($0.id)", at: $0.createdAt, text: "New case assigned to you: \($0.subject)",
                    severity: .info, ref: RecordRef(.supportCase, $0.id))
            }
        return Array((overdue + breached + assigned).sorted { $0.at > $1.at }.prefix(limit))
    }
}
