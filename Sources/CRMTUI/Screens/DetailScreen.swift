// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One record: its fields, its timeline (newest first) and its related records, each in a pane.
///
/// A company lists its contacts, open deals and open cases; a contact its deals, cases and open
/// tasks; a deal its contacts and activities. Tab moves through the panes (fields, timeline,
/// then each related list), j / k scroll the focused pane or move its selection, Enter opens the
/// selected related record, `e` edits, `c` adds a note to the timeline, Esc goes back.
@MainActor
public final class DetailScreen: Screen {
    /// The panes: fields, timeline, and the related list at an index of `RecordDetail.related`.
    public enum Pane: Sendable, Equatable {
        case fields, timeline
        case related(Int)
    }

    public let ref: RecordRef
    public private(set) var detail: RecordDetail?
    public private(set) var loadError: String?
    public private(set) var pane = Pane.fields
    public private(set) var fieldScroll = 0
    public private(set) var timelineScroll = 0
    /// The selected row of each related pane.
    public private(set) var relatedCursor: [Int] = []
    let context: AppContext

    public init(ref: RecordRef, context: AppContext) {
        self.ref = ref
        self.context = context
        reload()
    }

    public var title: String { detail?.title ?? ref.kind.noun }

    public func reload() {
        do {
            detail = try context.source.detail(ref)
            loadError = nil
            let groups = detail?.related ?? []
            relatedCursor = groups.indices.map { index in
                min(
                    relatedCursor.indices.contains(index) ? relatedCursor[index] : 0,
                    max(0, groups[index].rows.count - 1))
            }
            if case .related(let index) = pane, !groups.indices.contains(index) { pane = .fields }
        } catch {
            loadError = "\(error)"
        }
    }

    public func bindings() -> [KeyBinding] {
        let missing = detail == nil ? "the record could not be loaded" : nil
        let ref = ref
        return [
            KeyBinding(
                keys: [.tab], description: "next pane (fields, timeline, then each list of related records)",
                showInHintBar: true
            ) {
                [unowned self] in
                pane = step(by: 1)
                return .none
            },
            KeyBinding(keys: [.backTab], description: "previous pane") { [unowned self] in
                pane = step(by: -1)
                return .none
            },
            KeyBinding(
                keys: [.enter], description: "open the selected related record", showInHintBar: true,
                disabledReason: openReason
            ) { [unowned self] in
                guard let row = selectedRelated else { return .none }
                return .push(DetailScreen(ref: row.ref, context: context))
            },
            KeyBinding(keys: [.char("j"), .down], description: "scroll down") { [unowned self] in scroll(1) },
            KeyBinding(keys: [.char("k"), .up], description: "scroll up") { [unowned self] in scroll(-1) },
            KeyBinding(
                keys: [.char("e")], description: "edit", showInHintBar: true, disabledReason: missing ?? editableReason
            ) {
                [context] in .push(FormScreen(editing: ref, context: context))
            },
            KeyBinding(keys: [.char("c")], description: "add a note", showInHintBar: true, disabledReason: missing) {
                [context, unowned self] in
                .overlay(
                    PromptOverlay("Note on \(title)") { text in
                        let effect = context.perform("note added") { try context.source.addNote(to: ref, text: text) }
                        self.reload()
                        return effect.closingOverlay
                    })
            },
            KeyBinding(
                keys: [.char("n")], description: "new task, call, meeting, email or note about this record",
                showInHintBar: true, disabledReason: missing ?? newActivityReason
            ) { [unowned self] in newActivity() },
            KeyBinding(keys: [.escape, .char("q")], description: "back", showInHintBar: true) { .back(nil) },
        ]
    }

    /// Every pane in Tab order.
    public var panes: [Pane] { [.fields, .timeline] + (detail?.related.indices.map { Pane.related($0) } ?? []) }

    private func step(by delta: Int) -> Pane {
        let all = panes
        let index = all.firstIndex(of: pane) ?? 0
        return all[(index + delta + all.count) % all.count]
    }

    /// The related record selected in the focused pane, if a related pane has focus.
    public var selectedRelated: RelatedGroup.Row? {
        guard case .related(let index) = pane, let group = detail?.related[index],
            group.rows.indices.contains(relatedCursor[index])
        else { return nil }
        return group.rows[relatedCursor[index]]
    }

    private var openReason: String? {
        guard case .related(let index) = pane, let group = detail?.related[index] else {
            return "Tab to a list of related records first"
        }
        return group.rows.isEmpty ? "no \(group.title.lowercased()) to open" : nil
    }

    private var editableReason: String? {
        ref.kind == .activity || FormSchema.fields(of: ref.kind).isEmpty
            ? "\(ref.kind.noun) records are edited from the command line" : nil
    }

    /// The activity form field that links to this record, for the kinds an activity can name.
    private var linkField: String? {
        switch ref.kind {
        case .contact: "contact"
        case .company: "company"
        case .deal: "deal"
        default: nil
        }
    }

    private var newActivityReason: String? {
        linkField == nil ? "activities are added to contacts, companies and deals (c adds a note here)" : nil
    }

    /// Picks the kind, then opens the activity form with this record as its link.
    private func newActivity() -> ScreenEffect {
        guard let linkField, let detail else { return .none }
        let context = context
        return .overlay(
            ChoiceOverlay(
                "New … about \(detail.title)", options: Activity.Kind.allCases.map(\.rawValue), current: "task"
            ) {
                kind in
                .push(
                    FormScreen(creating: .activity, context: context, prefill: ["kind": kind, linkField: detail.title]))
            })
    }

    private func scroll(_ delta: Int) -> ScreenEffect {
        switch pane {
        case .fields: fieldScroll = max(0, min(fieldScroll + delta, (detail?.fields.count ?? 1) - 1))
        case .timeline: timelineScroll = max(0, min(timelineScroll + delta, (detail?.timeline.count ?? 1) - 1))
        case .related(let index):
            let count = detail?.related[index].rows.count ?? 0
            relatedCursor[index] = max(0, min(relatedCursor[index] + delta, count - 1))
        }
        return .none
    }
}

extension ScreenEffect {
    /// The same effect for an action run from an overlay: a success message also closes it.
    var closingOverlay: ScreenEffect {
        if case .message(let text) = self { return .back(text) }
        return self
    }
}
