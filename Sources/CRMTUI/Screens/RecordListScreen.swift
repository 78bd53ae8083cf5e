// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A keyset-paged table of records of one kind: the Contacts and Companies screens.
///
/// The screen holds only the visible rows (see `VirtualList`); Enter opens the selected record,
/// `e` edits it, `n` starts a new one, `d` deletes it and `m` merges it into a record the user
/// names (a duplicate found by eye; `crm dedupe` finds them in bulk). `space`, `V` and `*` mark
/// records (`MultiSelect`); `d`, `t` (tag) and `A` (owner) then act on all of them in one
/// transaction, after saying how many and asking.
@MainActor
public final class RecordListScreen<Row: PagedRow>: Screen {
    /// What differs between the list screens.
    public struct Spec {
        public var title: String
        public var kind: EntityKind
        /// The record noun used in messages: "contact".
        public var noun: String
        /// The plural noun: "contacts", "companies".
        public var plural: String
        public var columns: [TableColumn]
        public var cells: (Row) -> [String]
        public var fetch: @MainActor (any CRMDataSource, PageRequest<Row.Key>) throws -> [Row]
        public var emptyText: String
    }

    public let spec: Spec
    public let list: VirtualList<Row>
    /// The marked records for a bulk action.
    public let marks: MultiSelect
    private let context: AppContext

    public init(spec: Spec, context: AppContext) {
        self.spec = spec
        self.context = context
        let source = context.source
        list = VirtualList { try spec.fetch(source, $0) }
        marks = MultiSelect(noun: spec.noun)
    }

    public var title: String { spec.title }

    public func reload() { list.reload() }

    public func bindings() -> [KeyBinding] {
        let none = list.isEmpty ? "there are no \(spec.plural) yet" : nil
        let kind = spec.kind
        var result = ListKeys.navigation(
            page: list.height, emptyReason: none, move: { [list] in list.move(by: $0) }, top: { [list] in list.top() },
            bottom: { [list] in list.bottom() })
        let selected = list.selected.map { RecordRef(kind, $0.id) }
        result += [
            KeyBinding(keys: [.enter], description: "open \(spec.noun)", showInHintBar: true, disabledReason: none) {
                [context] in
                selected.map { .push(DetailScreen(ref: $0, context: context)) } ?? .none
            },
            KeyBinding(keys: [.char("e")], description: "edit \(spec.noun)", showInHintBar: true, disabledReason: none)
            {
                [context] in
                selected.map { .push(FormScreen(editing: $0, context: context)) } ?? .none
            },
            KeyBinding(keys: [.char("n")], description: "new \(spec.noun)", showInHintBar: true) { [context] in
                .push(FormScreen(creating: kind, context: context))
            },
            KeyBinding(
                keys: [.char("t")], description: "tag (the marked \(spec.plural), or this one)", disabledReason: none
            ) { [unowned self] in
                .overlay(PromptOverlay("Tag for \(targetsLabel)") { [unowned self] tag in confirm(.tag(tag)) })
            },
            KeyBinding(
                keys: [.char("A")], description: "owner (pick a teammate for the marked \(spec.plural), or this one)",
                disabledReason: none
            ) { [unowned self] in
                let team = (try? context.source.teammates()) ?? []
                return .overlay(
                    ChoiceOverlay("Owner of \(targetsLabel)", options: team + ["nobody"]) { [unowned self] person in
                        confirm(.assign(person == "nobody" ? "" : person))
                    })
            },
            KeyBinding(
                keys: [.char("d")], description: "delete \(spec.noun) (the marked ones, if any; asks first)",
                disabledReason: none
            ) {
                [context, list, spec, unowned self] in
                if !marks.isEmpty { return confirm(.delete) }
                guard let row = list.selected else { return .none }
                let name = spec.cells(row).first ?? ""
                return .overlay(
                    ConfirmOverlay("Delete \(spec.noun) \(name)?") {
                        let effect = context.perform("deleted \(name)") {
                            try context.source.delete(RecordRef(kind, row.id))
                        }
                        list.reload()
                        return effect
                    })
            },
            mergeBinding(disabledReason: none),
        ]
        return result + marks.bindings(list, emptyReason: none)
    }

    /// "3 contacts" while records are marked, else the selected record's name.
    private var targetsLabel: String {
        marks.isEmpty ? (list.selected.flatMap { spec.cells($0).first } ?? "") : marks.describe(marks.count)
    }

    private func confirm(_ change: BulkChange) -> ScreenEffect {
        marks.confirm(change, kind: spec.kind, selected: list.selected?.id, context: context) { [list] in
            list.reload()
        }
    }

    /// `m`: merge the selected record into another the user names, after a confirmation.
    private func mergeBinding(disabledReason: String?) -> KeyBinding {
        let kind = spec.kind
        return KeyBinding(
            keys: [.char("m")], description: "merge \(spec.noun) into another (asks first)",
            disabledReason: disabledReason
        ) { [context, list, spec] in
            guard let row = list.selected else { return .none }
            let name = spec.cells(row).first ?? ""
            return .overlay(
                PromptOverlay("Merge \(name) into (#number, email or name)") { handle in
                    let target: (id: RecordID, title: String)
                    do { target = try context.source.lookup(kind, handle: handle) } catch { return .error("\(error)") }
                    guard target.id != row.id else {
                        return .error("that is \(name) itself; name the \(spec.noun) to keep")
                    }
                    return .overlay(
                        ConfirmOverlay(
                            "Merge \(name) into \(target.title)? \(name) is deleted; its deals, activities and cases move."
                        ) {
                            let effect = context.perform("merged \(name) into \(target.title)") {
                                try context.source.merge(kind, duplicate: row.id, into: target.id)
                            }
                            list.reload()
                            return effect
                        })
                })
        }
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        let (headerRect, body) = rect.splitTop(1)
        list.resize(height: body.height)
        let inset = marks.isEmpty && marks.anchor == nil ? 0 : 2
        let layout = TableLayout(spec.columns, width: rect.width - inset)
        layout.drawHeader(on: canvas, x: headerRect.x + inset, y: headerRect.y)
        if let error = list.error {
            canvas.put(
                "Could not load \(spec.plural): \(error)", x: body.x + 1, y: body.y + 1, width: body.width - 2,
                style: .error)
            return
        }
        if list.isEmpty {
            EmptyState.draw(spec.emptyText, on: canvas, in: body)
            return
        }
        for (index, row) in list.rows.enumerated() {
            let style: TextStyle = index == list.cursor ? .selected : .normal
            marks.drawMarker(on: canvas, x: body.x, y: body.y + index, id: row.id, style: style)
            layout.draw(spec.cells(row), on: canvas, x: body.x + inset, y: body.y + index, style: style)
        }
    }
}
