// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The deals board: one column per stage with its count and total, cards paged per column.
///
/// h / l pick a column, j / k a card; H / L (or < / >) move the selected deal to the previous or
/// next open stage, `w` marks it won and `x` lost (asking for a reason). The selection follows
/// the moved card. `space`, `V` and `*` mark deals in the focused column (marks stay while moving
/// between columns); `m` then moves every marked deal to a stage picked from a list, in one
/// transaction, after saying how many and asking.
@MainActor
public final class PipelineScreen: Screen {
    public private(set) var stages: [StageSummary] = []
    public private(set) var column = 0
    public private(set) var loadError: String?
    /// Whether the stage list has arrived at least once.
    public private(set) var loaded = false
    private var generation = 0
    private var lists: [RecordID: VirtualList<DealCard>] = [:]
    /// The marked deals for a bulk move, from any column.
    public let marks = MultiSelect(noun: "deal")
    private let context: AppContext

    public init(context: AppContext) {
        self.context = context
    }

    public var title: String { "Pipeline" }

    /// The column list of a stage (created on first use).
    public func list(for stage: RecordID) -> VirtualList<DealCard> {
        if let existing = lists[stage] { return existing }
        let source = context.source
        let list = VirtualList<DealCard> { try source.deals(inStage: stage, $0) }
        lists[stage] = list
        return list
    }

    /// The focused stage and its selected card.
    public var focused: (stage: StageSummary, card: DealCard?)? {
        guard stages.indices.contains(column) else { return nil }
        let stage = stages[column]
        return (stage, list(for: stage.id).selected)
    }

    /// Re-reads the visible cards now (keyset pages are cheap) and the stage totals in the
    /// background (a sum over every deal of a stage), so a move never waits on the totals.
    public func reload() {
        for stage in stages { list(for: stage.id).reload() }
        refreshStages()
    }

    private func refreshStages() {
        generation += 1
        let mine = generation
        let source = context.source
        context.background({ Result { try source.stages() }.mapError { LoadFailure(message: "\($0)") } }) {
            [weak self] result in
            guard let self, mine == self.generation else { return }
            apply(result)
        }
    }

    private func apply(_ result: Result<[StageSummary], LoadFailure>) {
        loaded = true
        switch result {
        case .success(let fresh):
            let changed = fresh.map(\.id) != stages.map(\.id)
            stages = fresh
            loadError = nil
            column = min(column, max(0, stages.count - 1))
            if changed { for stage in stages { list(for: stage.id).reload() } }
        case .failure(let problem):
            loadError = problem.message
        }
    }

    public func bindings() -> [KeyBinding] {
        let noCard = focused?.card == nil ? "no deal selected in this column" : nil
        let current = focused
        var result: [KeyBinding] = [
            KeyBinding(
                keys: [.char("h"), .left], description: "previous column",
                disabledReason: column == 0 ? "already at the first column" : nil
            ) {
                [unowned self] in
                column -= 1
                return .none
            },
            KeyBinding(
                keys: [.char("l"), .right], description: "next column",
                disabledReason: column >= stages.count - 1 ? "already at the last column" : nil
            ) {
                [unowned self] in
                column += 1
                return .none
            },
        ]
        if let current {
            let list = list(for: current.stage.id)
            result += ListKeys.navigation(
                page: list.height, emptyReason: noCard, move: { list.move(by: $0) }, top: { list.top() },
                bottom: { list.bottom() })
            result += marks.bindings(list, emptyReason: noCard)
        }
        result.append(
            KeyBinding(
                keys: [.char("m")], description: "move the marked deals (or this one) to a stage picked from a list",
                showInHintBar: !marks.isEmpty, disabledReason: marks.isEmpty ? noCard : nil
            ) {
                [unowned self] in bulkMove(from: current)
            })
        result += [
            KeyBinding(
                keys: [.char("H"), .char("<")], description: "move left (deal to the previous stage)",
                showInHintBar: true,
                disabledReason: noCard ?? moveReason(-1)
            ) {
                [unowned self] in move(-1)
            },
            KeyBinding(
                keys: [.char("L"), .char(">")], description: "move right (deal to the next stage)", showInHintBar: true,
                disabledReason: noCard ?? moveReason(1)
            ) {
                [unowned self] in move(1)
            },
            KeyBinding(
                keys: [.char("w")], description: "won (close the deal as won)", showInHintBar: true,
                disabledReason: noCard ?? closedReason
            ) {
                [unowned self] in close(won: true, reason: nil)
            },
            KeyBinding(
                keys: [.char("x")], description: "lost (close the deal as lost, asks why)", showInHintBar: true,
                disabledReason: noCard ?? closedReason
            ) {
                [unowned self] in
                .overlay(
                    PromptOverlay("Why was it lost? (optional)", allowEmpty: true) { [unowned self] reason in
                        close(won: false, reason: reason.isEmpty ? nil : reason).closingOverlay
                    })
            },
            KeyBinding(keys: [.enter], description: "open deal", showInHintBar: true, disabledReason: noCard) {
                [context] in
                current?.card.map { .push(DetailScreen(ref: RecordRef(.deal, $0.id), context: context)) } ?? .none
            },
            KeyBinding(keys: [.char("e")], description: "edit deal", disabledReason: noCard) { [context] in
                current?.card.map { .push(FormScreen(editing: RecordRef(.deal, $0.id), context: context)) } ?? .none
            },
            KeyBinding(keys: [.char("n")], description: "new deal") { [context] in
                .push(FormScreen(creating: .deal, context: context))
            },
        ]
        return result
    }

    private var openStages: [StageSummary] { stages.filter { $0.kind == .open } }

    private func bulkMove(from current: (stage: StageSummary, card: DealCard?)?) -> ScreenEffect {
        let selected = current?.card
        let what = marks.isEmpty ? (selected?.title ?? "") : marks.describe(marks.count)
        return .overlay(
            ChoiceOverlay("Move \(what) to", options: stages.map(\.name), current: current?.stage.name) {
                [unowned self] name in
                marks.confirm(.stage(name), kind: .deal, selected: selected?.id, context: context) { [unowned self] in
                    reload()
                }
            })
    }

    private var closedReason: String? {
        guard let stage = focused?.stage, stage.kind != .open else { return nil }
        return "this deal is already \(stage.kind.rawValue)"
    }

    /// Why the selected deal cannot move one open stage in `direction`, or nil when it can.
    private func moveReason(_ direction: Int) -> String? {
        if let closed = closedReason { return closed + "; closed deals stay where they are" }
        guard let stage = focused?.stage, let index = openStages.firstIndex(where: { $0.id == stage.id }) else {
            return nil
        }
        if direction < 0 && index == 0 { return "\(stage.name) is the first stage" }
        if direction > 0 && index == openStages.count - 1 {
            return "\(stage.name) is the last open stage; w marks it won"
        }
        return nil
    }

    private func move(_ direction: Int) -> ScreenEffect {
        guard let (stage, card) = focused, let card, let index = openStages.firstIndex(where: { $0.id == stage.id })
        else { return .none }
        let target = openStages[index + direction]
        do {
            try context.source.moveDeal(card.id, toStage: target.id)
        } catch {
            return .error("could not move \(card.title): \(error)")
        }
        follow(card, to: target.id)
        return .message("moved \(card.title) to \(target.name)")
    }

    private func close(won: Bool, reason: String?) -> ScreenEffect {
        guard let (_, card) = focused, let card else { return .none }
        do {
            try context.source.closeDeal(card.id, won: won, reason: reason)
        } catch {
            return .error("could not close \(card.title): \(error)")
        }
        let target = stages.first { $0.kind == (won ? .won : .lost) }
        if let target { follow(card, to: target.id) } else { reload() }
        return .message("\(card.title) marked \(won ? "won" : "lost")")
    }

    /// Reloads totals and columns and selects the card in its new column.
    private func follow(_ card: DealCard, to stage: RecordID) {
        for stage in stages { list(for: stage.id).reload() }
        refreshStages()
        if let index = stages.firstIndex(where: { $0.id == stage }) {
            column = index
            list(for: stage).reveal(card.pageKey, id: card.id)
        }
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        if let loadError {
            return canvas.put(
                "Could not load the pipeline: \(loadError)", x: rect.x + 1, y: rect.y + 1, width: rect.width - 2,
                style: .error)
        }
        if stages.isEmpty && !loaded { return EmptyState.draw("Loading the board…", on: canvas, in: rect) }
        if stages.isEmpty {
            return EmptyState.draw(
                "No pipeline stages. Run `crm init` to create the default stages.", on: canvas, in: rect)
        }
        for (index, area) in rect.columns(stages.count).enumerated() {
            drawColumn(stages[index], focused: index == column, on: canvas, in: area)
        }
    }

    private func drawColumn(_ stage: StageSummary, focused: Bool, on canvas: any Canvas, in area: Rect) {
        canvas.put(
            "\(stage.name) (\(stage.dealCount))", x: area.x, y: area.y, width: area.width,
            style: focused ? .accent : .header)
        canvas.put(Presentation.totals(stage.totals), x: area.x, y: area.y + 1, width: area.width, style: .dim)
        canvas.put(
            String(repeating: focused ? "━" : "─", count: area.width), x: area.x, y: area.y + 2,
            style: focused ? .accent : .dim)
        let list = list(for: stage.id)
        list.resize(height: max(1, (area.height - 3) / 2))
        if list.isEmpty { return canvas.put("no deals", x: area.x, y: area.y + 3, width: area.width, style: .dim) }
        for (index, card) in list.rows.enumerated() {
            let y = area.y + 3 + index * 2
            let selected = focused && index == list.cursor
            let inset = marks.drawMarker(
                on: canvas, x: area.x, y: y, id: card.id, style: selected ? .selected : .normal)
            canvas.put(
                card.title, x: area.x + inset, y: y, width: area.width - inset, style: selected ? .selected : .normal)
            let second = card.company.isEmpty ? card.amount.compact : card.amount.compact + " · " + card.company
            canvas.put(second, x: area.x, y: y + 1, width: area.width, style: selected ? .selected : .dim)
        }
    }
}
