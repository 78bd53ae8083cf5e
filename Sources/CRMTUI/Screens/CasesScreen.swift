// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The support triage queue: open cases ordered by the next SLA deadline.
///
/// `f` cycles the filter (all open, mine, unassigned, breached, at risk, changed; `C` goes straight
/// to changed and back: cases others changed, pulled by sync, since the user last left that filter);
/// `a` assigns to me, `A`
/// to a teammate picked from a list, `p` and `s` pick a priority or status from a list, `c` adds
/// an internal note. After a change the selection stays on the same case wherever it now sorts.
/// `space`, `V` and `*` mark cases (`MultiSelect`); `a`, `A`, `p`, `s` and `d` then act on every
/// marked case in one transaction, after saying how many and asking.
@MainActor
public final class CasesScreen: Screen {
    public private(set) var filter = CaseFilter.open
    public private(set) var list: VirtualList<CaseRow>
    /// The marked cases for a bulk action.
    public let marks = MultiSelect(noun: "case")
    private let context: AppContext
    /// The newest pulled change when the `changed` filter was entered.
    private var changedMark: Int64?

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
    ///
    /// Entering `changed` notes the newest change that came in by sync; leaving it records the
    /// changes up to that one as seen, so the next look shows only what came in after.
    public func setFilter(_ newFilter: CaseFilter) throws {
        if newFilter == .changed, filter != .changed {
            changedMark = try context.source.remoteChangeMark()
        } else if filter == .changed, newFilter != .changed, let mark = changedMark {
            try context.source.markChangesSeen(upTo: mark)
            changedMark = nil
        }
        filter = newFilter
        marks.clear()
        let height = list.height
        list = Self.makeList(context, newFilter)
        list.resize(height: height)
        list.top()
    }

    private func switchFilter(to next: CaseFilter) -> ScreenEffect {
        let leaving = filter == .changed && next != .changed
        do { try setFilter(next) } catch { return .error("could not change the filter: \(error)") }
        if next == .changed {
            return .message("cases changed by others since you last looked")
        }
        return .message("showing \(next.label) cases" + (leaving ? "; changes marked seen" : ""))
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
        let bulk = !marks.isEmpty
        result += [
            KeyBinding(
                keys: [.char("f")],
                description: "filter (next of: all open, mine, unassigned, breached, at risk, changed)",
                showInHintBar: true
            ) {
                [unowned self] in switchFilter(to: next)
            },
            KeyBinding(
                keys: [.char("C")],
                description: "changed: cases others changed since you last looked (again: back, marking them seen)"
            ) {
                [unowned self] in switchFilter(to: filter == .changed ? .open : .changed)
            },
            KeyBinding(
                keys: [.char("a")], description: "assign to me (the marked cases, or this one)", showInHintBar: true,
                disabledReason: none ?? assignReason(row, me, bulk: bulk)
            ) {
                [unowned self] in
                bulk
                    ? confirm(.assign("me"))
                    : change(row, "assigned to you") { try self.context.source.assignCase($0.id, to: me) }
            },
            KeyBinding(
                keys: [.char("A")], description: "assign to… (pick a teammate for the marked cases, or this one)",
                disabledReason: none
            ) {
                [unowned self] in
                let team = (try? context.source.teammates()) ?? []
                return .overlay(
                    ChoiceOverlay("Assign \(subject(row)) to", options: team + ["nobody"], current: row?.assignee) {
                        [unowned self] person in
                        confirm(.assign(person == "nobody" ? "" : person))
                    })
            },
            KeyBinding(
                keys: [.char("p")], description: "priority (pick from a list)", showInHintBar: true,
                disabledReason: none
            ) {
                [unowned self] in
                .overlay(
                    ChoiceOverlay(
                        "Priority of \(subject(row))", options: EntitySchema.priorities, current: row?.priority
                    ) {
                        [unowned self] value in
                        bulk
                            ? confirm(.priority(value))
                            : change(row, "priority \(value)") { try self.context.source.setCasePriority($0.id, value) }
                    })
            },
            KeyBinding(
                keys: [.char("s")], description: "status (pick from a list: new, open, pending, solved, closed)",
                showInHintBar: true, disabledReason: none
            ) {
                [unowned self] in
                .overlay(
                    ChoiceOverlay("Status of \(subject(row))", options: EntitySchema.caseStatuses, current: row?.status)
                    {
                        [unowned self] value in
                        bulk
                            ? confirm(.status(value))
                            : change(row, "status \(value)") { try self.context.source.setCaseStatus($0.id, value) }
                    })
            },
            KeyBinding(
                keys: [.char("d")], description: "delete (the marked cases, or this one; asks first)",
                disabledReason: none
            ) {
                [unowned self] in confirm(.delete)
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
        return result + marks.bindings(list, emptyReason: none)
    }

    /// "3 cases" while cases are marked, else the selected case's subject.
    private func subject(_ row: CaseRow?) -> String {
        marks.isEmpty ? (row?.subject ?? "") : marks.describe(marks.count)
    }

    private func assignReason(_ row: CaseRow?, _ me: RecordID?, bulk: Bool) -> String? {
        if me == nil { return "no signed-in user; run `crm init --user NAME` first" }
        return !bulk && row?.assigneeID == me ? "this case is already assigned to you" : nil
    }

    /// Asks before changing the marked cases (or the selected one) all at once; the selection
    /// then stays on the case it was on.
    private func confirm(_ change: BulkChange) -> ScreenEffect {
        let followed = list.selected?.id
        return marks.confirm(change, kind: .supportCase, selected: followed, context: context) { [unowned self] in
            follow(followed)
        }
    }

    private func change(_ row: CaseRow?, _ done: String, _ body: (CaseRow) throws -> Void) -> ScreenEffect {
        guard let row else { return .none }
        let effect = context.perform("\(row.subject): \(done)") { try body(row) }
        follow(row.id)
        return effect
    }

    /// Keeps the selection on the case a change re-sorted (issue 20: the next key acted on another case).
    private func follow(_ id: RecordID?) {
        guard let id else { return list.reload() }
        let key = (try? context.source.caseRow(id))?.pageKey
        list.follow(id, at: key)
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        let (bar, rest) = rect.splitTop(1)
        drawFilterBar(on: canvas, in: bar)
        let (header, body) = rest.splitTop(1)
        list.resize(height: body.height)
        let inset = marks.isEmpty && marks.anchor == nil ? 0 : 2
        let layout = TableLayout(Self.columns, width: rect.width - inset)
        layout.drawHeader(on: canvas, x: header.x + inset, y: header.y)
        if let error = list.error {
            return canvas.put(
                "Could not load cases: \(error)", x: body.x + 1, y: body.y, width: body.width - 2, style: .error)
        }
        if list.isEmpty, filter == .changed {
            return EmptyState.draw(
                "Nothing changed by others since you last looked. C goes back to all open cases.", on: canvas,
                in: body)
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
            let style: TextStyle = index == list.cursor ? .selected : .normal
            marks.drawMarker(on: canvas, x: body.x, y: body.y + index, id: row.id, style: style)
            layout.draw(cells, on: canvas, x: body.x + inset, y: body.y + index, style: style, styles: styles)
        }
    }

    private func drawFilterBar(on canvas: any Canvas, in rect: Rect) {
        let labels = CaseFilter.allCases.map { $0 == filter ? "[\($0.label)]" : $0.label }
        let marked = marks.isEmpty ? "" : "· \(marks.describe(marks.count)) marked"
        let needed = labels.reduce(0) { $0 + DisplayWidth.of($1) + 2 } + DisplayWidth.of(marked)
        var x = rect.x
        // The "Filter:" word goes first when the marks' count needs its room.
        if needed + 8 <= rect.width {
            canvas.put("Filter:", x: x, y: rect.y, style: .dim)
            x += 8
        }
        for (option, label) in zip(CaseFilter.allCases, labels) {
            canvas.put(label, x: x, y: rect.y, style: option == filter ? .accent : .dim)
            x += DisplayWidth.of(label) + 2
        }
        if !marked.isEmpty { canvas.put(marked, x: x, y: rect.y, style: .accent) }
    }
}
