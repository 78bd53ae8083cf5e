// crm — a terminal-first CRM. Licensed under the MIT License.

/// The user's open tasks, split the way the agenda shows them.
public struct Agenda: Sendable, Equatable {
    public var overdue: [TaskRow]
    public var today: [TaskRow]
    public var upcoming: [TaskRow]

    public init(overdue: [TaskRow] = [], today: [TaskRow] = [], upcoming: [TaskRow] = []) {
        self.overdue = overdue
        self.today = today
        self.upcoming = upcoming
    }
}
