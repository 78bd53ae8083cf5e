// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTUI

extension InMemoryDataSource {
    /// The store's rules on the model: the user's tasks overdue and due within a day, cases of the
    /// user or of nobody at risk or breached; ids stable per event, marks kept like the store's.
    func notifications(now: Int64, limit: Int) throws -> [NotificationItem] {
        notificationLoads.withLock { $0 += 1 }
        let (tasks, marks, snoozes) = read { model in
            (
                model.activities.values.filter { $0.kind == "task" && !$0.done && $0.dueAt != nil },
                model.notificationMarks, model.notificationSnoozes
            )
        }
        var items = tasks.compactMap { task -> NotificationItem? in
            guard let due = task.dueAt, due < now + 86_400_000 else { return nil }
            let overdue = due < now
            return NotificationItem(
                id: "\(overdue ? "task_overdue" : "task_due"):\(task.id):\(due)", at: due,
                text: "\(overdue ? "Task overdue" : "Task due soon"): \(task.subject)",
                severity: overdue ? .alert : .warning, ref: task.about ?? RecordRef(.activity, task.id))
        }
        let me = read { $0.me }
        for (filter, label, severity) in [
            (CaseFilter.breached, "SLA breached", NotificationItem.Severity.alert),
            (.atRisk, "SLA at risk", .warning),
        ] {
            items += try cases(filter, now: now, PageRequest(limit: 500))
                .filter { $0.assigneeID == nil || $0.assigneeID == me }
                .map {
                    NotificationItem(
                        id: "\(label):\($0.id):\($0.slaDue ?? 0)", at: $0.slaDue ?? now,
                        text: "\(label): \($0.subject)",
                        severity: severity, ref: RecordRef(.supportCase, $0.id))
                }
        }
        return Array(
            items.filter { marks[$0.id] != true && (snoozes[$0.id] ?? .min) <= now }
                .map { item in
                    var item = item
                    item.read = marks[item.id] == false && snoozes[item.id] == nil
                    return item
                }
                .sorted { ($0.at, $0.id) > ($1.at, $1.id) }
                .prefix(limit))
    }

    /// Marks live outside the undo history, as the store keeps them outside the change log.
    func markNotifications(_ ids: [String], dismissed: Bool) throws {
        state.withLock { model in
            for id in ids { model.notificationMarks[id] = dismissed || model.notificationMarks[id] == true }
        }
    }

    func snoozeNotifications(_ ids: [String], until: Int64) throws {
        state.withLock { model in
            for id in ids where model.notificationMarks[id] != true { model.notificationSnoozes[id] = until }
        }
    }
}
