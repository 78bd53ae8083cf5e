// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The support triage queue: open cases ordered by the next SLA deadline.
///
/// `f` cycles the filter (all open, mine, unassigned, breached, at risk); one key each assigns
/// the case to me (`a`), raises the priority (`p`), advances the status (`s`) and adds an
/// internal note (`c`).
@MainActor
public final class CasesScreen: Screen {
    public private(set) var filter = CaseFilter.open
    public private(set) var list: VirtualList<CaseRow>
    private let context: AppContext

    public init(context: AppContext) {
        self.context = context
        list = Self.makeList(context, .open)
    }

    private static func makeList(_ context: AppContext, _ filter: CaseFilter) -> VirtualList<CaseRow> {
        let source = context.source
        let clock = context.clock
        return VirtualList { try source.cases(filter, now: clock(), $0) }
    }

    public var title: String { "Cases" }

    public func reload() { list.reload() }

    /// Shows a different subset of the queue from the top.
    public func setFilter(_ newFilter: CaseFilter) {
        filter = newFilter
        let height = list.height
        list = Self.makeList(context, newFilter)
        list.resize(height: height)
        list.top()
    }

    public static let columns = [
        TableColumn("SLA", minWidth: 10), TableColumn("Priority", minWidth: 8), TableColumn("Status", minWidth: 7),
        TableColumn("Subject", minWidth: 20, flex: 4), TableColumn("Contact", minWidth: 12, flex: 2, hideBelow: 100),
        TableColumn("Assignee", minWidth: 10, flex: 1), TableColumn("Queue", minWidth: 8, hideBelow: 120),
    ]

    public func bindings() -> [KeyBinding] {
        let none = list.isEmpty ? "no cases match the filter “\(filter.label)”" : nil
        let row = list.selected
        let me = context.session.userID
        var result = ListKeys.navigation(
            page: list.height, emptyReason: none, move: { [list] in list.move(by: $0) }, top: { [list] in list.top() },
            bottom: { [list] in list.bottom() })
        let next = CaseFilter.allCases[
            (CaseFilter.allCases.firstIndex(of: filter).map { $0 + 1 } ?? 0) % CaseFilter.allCases.count]
        result += [
            KeyBinding(
                keys: [.char("f")], description: "filter (next of: all open, mine, unassigned, breached, at risk)",
                showInHintBar: true
            ) {
                [unowned self] in
                setFilter(next)
                return .message("showing \(next.label) cases")
            },
            KeyBinding(
                keys: [.char("a")], description: "assign to me", showInHintBar: true,
                disabledReason: none ?? assignReason(row, me)
            ) {
                [unowned self] in change(row, "assigned to you") { try self.context.source.assignCase($0.id, to: me) }
            },
            KeyBinding(
                keys: [.char("p")], description: "priority (raise it; urgent wraps to low)", showInHintBar: true,
                disabledReason: none
            ) {
                [unowned self] in
                let value = Self.next(after: row?.priority, in: EntitySchema.priorities)
                return change(row, "priority \(value)") { try self.context.source.setCasePriority($0.id, value) }
            },
            KeyBinding(
                keys: [.char("s")], description: "status (next of: new, open, pending, solved, closed)",
                showInHintBar: true, disabledReason: none
            ) {
                [unowned self] in
                let value = Self.next(after: row?.status, in: EntitySchema.caseStatuses)
                return change(row, "status \(value)") { try self.context.source.setCaseStatus($0.id, value) }
            },
            KeyBinding(
                keys: [.char("c")], description: "note (add an internal note)", showInHintBar: true,
                disabledReason: none
            ) { [context] in
                guard let row else { return .none }
                return .overlay(
                    PromptOverlay("Internal note on: \(row.subject)") { text in
                        context.perform("note added") {
                            try context.source.addNote(to: RecordRef(.supportCase, row.id), text: text)
                        }.closingOverlay
                    })
            },
            KeyBinding(keys: [.enter], description: "open case", disabledReason: none) { [context] in
                row.map { .push(DetailScreen(ref: RecordRef(.supportCase, $0.id), context: context)) } ?? .none
            },
            KeyBinding(keys: [.char("n")], description: "new case") { [context] in
                .push(FormScreen(creating: .supportCase, context: context))
            },
        ]
        return result
    }

    private func assignReason(_ row: CaseRow?, _ me: RecordID?) -> String? {
        if me == nil { return "no signed-in user; run `crm init --user NAME` first" }
        return row?.assigneeID == me ? "this case is already assigned to you" : nil
    }

    static func next(after value: String?, in options: [String]) -> String {
        let index = value.flatMap { options.firstIndex(of: $0) } ?? -1
        return options[(index + 1) % options.count]
    }

    private func change(_ row: CaseRow?, _ done: String, _ body: (CaseRow) throws -> Void) -> ScreenEffect {
        guard let row else { return .none }
        let effect = context.perform("\(row.subject): \(done)") { try body(row) }
        list.reload()
        return effect
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        let (bar, rest) = rect.splitTop(1)
        drawFilterBar(on: canvas, in: bar)
        let (header, body) = rest.splitTop(1)
        list.resize(height: body.height)
        let layout = TableLayout(Self.columns, width: rect.width)
        layout.drawHeader(on: canvas, x: header.x, y: header.y)
        if let error = list.error {
            return canvas.put(
                "Could not load cases: \(error)", x: body.x + 1, y: body.y, width: body.width - 2, style: .error)
        }
        if list.isEmpty {
            return EmptyState.draw(
                "No \(filter.label) cases. Press f for another filter, or n to open a case.", on: canvas, in: body)
        }
        let now = context.now
        for (index, row) in list.rows.enumerated() {
            let (due, dueStyle) = Presentation.sla(row, now: now)
            let cells = [
                due, row.priority, row.status, row.subject, row.contact, row.assignee.isEmpty ? "—" : row.assignee,
                row.queue,
            ]
            let styles: [TextStyle?] = [
                dueStyle, Presentation.priorityStyle(row.priority), nil, nil, nil, row.assignee.isEmpty ? .dim : nil,
                .dim,
            ]
            layout.draw(
                cells, on: canvas, x: body.x, y: body.y + index, style: index == list.cursor ? .selected : .normal,
                styles: styles)
        }
    }

    private func drawFilterBar(on canvas: any Canvas, in rect: Rect) {
        var x = rect.x
        canvas.put("Filter:", x: x, y: rect.y, style: .dim)
        x += 8
        for option in CaseFilter.allCases {
            let label = option == filter ? "[\(option.label)]" : option.label
            canvas.put(label, x: x, y: rect.y, style: option == filter ? .accent : .dim)
            x += DisplayWidth.of(label) + 2
        }
    }
}
