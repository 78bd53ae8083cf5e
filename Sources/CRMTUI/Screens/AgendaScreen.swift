// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The user's open tasks: overdue, due today and upcoming, each a pane that Tab jumps between.
///
/// `x` marks the selected task done; Enter opens what the task is about.
@MainActor
public final class AgendaScreen: Screen {
    /// The three sections, in display order.
    public enum Section: Int, CaseIterable, Sendable {
        case overdue, today, upcoming

        var title: String {
            switch self {
            case .overdue: "Overdue"
            case .today: "Today"
            case .upcoming: "Upcoming"
            }
        }
    }

    public private(set) var agenda = Agenda()
    public private(set) var section = Section.overdue
    public private(set) var cursor = 0
    public private(set) var loadError: String?
    private let context: AppContext
    static let limit = 200

    public init(context: AppContext) {
        self.context = context
    }

    public var title: String { "Agenda" }

    /// The tasks of a section.
    public func tasks(_ section: Section) -> [TaskRow] {
        switch section {
        case .overdue: agenda.overdue
        case .today: agenda.today
        case .upcoming: agenda.upcoming
        }
    }

    /// The selected task.
    public var selected: TaskRow? {
        let rows = tasks(section)
        return rows.indices.contains(cursor) ? rows[cursor] : nil
    }

    public func reload() {
        let now = context.now
        do {
            agenda = try context.source.agenda(now: now, endOfDay: Presentation.endOfDay(now), limit: Self.limit)
            loadError = nil
        } catch {
            loadError = "\(error)"
        }
        cursor = min(cursor, max(0, tasks(section).count - 1))
    }

    public func bindings() -> [KeyBinding] {
        let none = selected == nil ? "no \(section.title.lowercased()) tasks" : nil
        let task = selected
        return [
            KeyBinding(keys: [.char("j"), .down], description: "next task", disabledReason: none) { [unowned self] in
                cursor = min(cursor + 1, tasks(section).count - 1)
                return .none
            },
            KeyBinding(keys: [.char("k"), .up], description: "previous task", disabledReason: none) { [unowned self] in
                cursor = max(0, cursor - 1)
                return .none
            },
            KeyBinding(keys: [.tab], description: "next section (overdue / today / upcoming)", showInHintBar: true) {
                [unowned self] in
                jump(1)
            },
            KeyBinding(keys: [.backTab], description: "previous section") { [unowned self] in jump(-1) },
            KeyBinding(keys: [.char("n")], description: "new task (with a due time)", showInHintBar: true) {
                [context] in .push(FormScreen(creating: .activity, context: context, prefill: ["kind": "task"]))
            },
            KeyBinding(keys: [.char("x")], description: "mark task done", showInHintBar: true, disabledReason: none) {
                [unowned self] in
                guard let task else { return .none }
                let effect = context.perform("done: \(task.subject)") { try context.source.markTaskDone(task.id) }
                reload()
                return effect
            },
            KeyBinding(
                keys: [.enter], description: "open what the task is about", showInHintBar: true,
                disabledReason: none ?? (task?.related == nil ? "this task is not linked to a record" : nil)
            ) {
                [context] in task?.related.map { .push(DetailScreen(ref: $0, context: context)) } ?? .none
            },
        ]
    }

    private func jump(_ delta: Int) -> ScreenEffect {
        let all = Section.allCases
        section = all[(section.rawValue + delta + all.count) % all.count]
        cursor = 0
        return .none
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        if let loadError {
            return canvas.put(
                "Could not load tasks: \(loadError)", x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, style: .error
            )
        }
        if agenda.overdue.isEmpty && agenda.today.isEmpty && agenda.upcoming.isEmpty {
            return EmptyState.draw(
                "No open tasks. Press n to add one, or open a contact, company or deal and press n there.", on: canvas,
                in: rect)
        }
        let layout = TableLayout(
            [
                TableColumn("Due", minWidth: 16), TableColumn("Task", minWidth: 20, flex: 3),
                TableColumn("About", minWidth: 14, flex: 2),
            ], width: rect.width - 2)
        var lines: [(cells: [String], style: TextStyle, header: Bool)] = []
        var selectedLine = 0
        for part in Section.allCases {
            let rows = tasks(part)
            lines.append(([part.title + " (\(rows.count))"], part == section ? .accent : .header, true))
            if rows.isEmpty { lines.append((["", "nothing here", ""], .dim, false)) }
            for (index, row) in rows.enumerated() {
                if part == section && index == cursor { selectedLine = lines.count }
                let due =
                    row.dueAt.map {
                        part == .today ? Presentation.relative($0, now: context.now) : Presentation.dateTime($0)
                    } ?? "—"
                lines.append(
                    (
                        [due, row.subject, row.relatedName],
                        part == section && index == cursor ? .selected : (part == .overdue ? .error : .normal), false
                    ))
            }
        }
        let first = max(0, selectedLine - rect.height + 1)
        for (offset, line) in lines.dropFirst(first).prefix(rect.height).enumerated() {
            if line.header {
                canvas.put(line.cells[0], x: rect.x + 1, y: rect.y + offset, width: rect.width - 2, style: line.style)
            } else {
                layout.draw(line.cells, on: canvas, x: rect.x + 2, y: rect.y + offset, style: line.style)
            }
        }
    }
}
