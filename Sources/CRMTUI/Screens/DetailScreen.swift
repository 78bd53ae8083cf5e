// crm — a terminal-first CRM. Licensed under the MIT License.

/// One record: its fields in one pane and its timeline (newest first) in the other.
///
/// Tab switches panes, j / k scroll the focused pane, `e` edits, `c` adds a note to the
/// timeline, Esc goes back.
@MainActor
public final class DetailScreen: Screen {
    /// The two panes.
    public enum Pane: Sendable {
        case fields, timeline
    }

    public let ref: RecordRef
    public private(set) var detail: RecordDetail?
    public private(set) var loadError: String?
    public private(set) var pane = Pane.fields
    public private(set) var fieldScroll = 0
    public private(set) var timelineScroll = 0
    private let context: AppContext

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
        } catch {
            loadError = "\(error)"
        }
    }

    public func bindings() -> [KeyBinding] {
        let missing = detail == nil ? "the record could not be loaded" : nil
        let ref = ref
        return [
            KeyBinding(keys: [.tab, .backTab], description: "switch pane (fields / timeline)", showInHintBar: true) {
                [unowned self] in
                pane = pane == .fields ? .timeline : .fields
                return .none
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
            KeyBinding(keys: [.escape, .char("q")], description: "back", showInHintBar: true) { .back(nil) },
        ]
    }

    private var editableReason: String? {
        FormSchema.fields(of: ref.kind).isEmpty ? "\(ref.kind.noun) records are edited from the command line" : nil
    }

    private func scroll(_ delta: Int) -> ScreenEffect {
        switch pane {
        case .fields: fieldScroll = max(0, min(fieldScroll + delta, (detail?.fields.count ?? 1) - 1))
        case .timeline: timelineScroll = max(0, min(timelineScroll + delta, (detail?.timeline.count ?? 1) - 1))
        }
        return .none
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        guard let detail else {
            canvas.put(
                "Could not load this \(ref.kind.noun): \(loadError ?? "unknown error")", x: rect.x + 1, y: rect.y + 1,
                width: rect.width - 2, style: .error)
            return
        }
        canvas.put(
            ref.kind.noun.uppercased() + "  " + detail.title, x: rect.x + 1, y: rect.y, width: rect.width - 2,
            style: .header)
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        let (left, right): (Rect, Rect)
        if body.width >= 120 {
            let parts = body.columns(2)
            (left, right) = (parts[0], parts[1])
        } else {
            let top = min(detail.fields.count + 2, body.height / 2)
            (left, right) = body.splitTop(top)
        }
        drawFields(detail, on: canvas, in: left)
        drawTimeline(detail, on: canvas, in: right)
    }

    private func drawFields(_ detail: RecordDetail, on canvas: any Canvas, in rect: Rect) {
        canvas.box(rect, title: "Fields", style: pane == .fields ? .accent : .dim)
        let inner = rect.inset(by: 1)
        for (index, field) in detail.fields.dropFirst(fieldScroll).prefix(inner.height).enumerated() {
            canvas.put(field.label, x: inner.x + 1, y: inner.y + index, width: 14, style: .dim)
            canvas.put(
                field.value.isEmpty ? "—" : field.value, x: inner.x + 16, y: inner.y + index, width: inner.width - 17)
        }
    }

    private func drawTimeline(_ detail: RecordDetail, on canvas: any Canvas, in rect: Rect) {
        canvas.box(rect, title: "Timeline", style: pane == .timeline ? .accent : .dim)
        let inner = rect.inset(by: 1)
        if detail.timeline.isEmpty {
            canvas.put(
                "Nothing yet. Press c to add a note.", x: inner.x + 1, y: inner.y, width: inner.width - 2, style: .dim)
            return
        }
        let layout = TableLayout(
            [TableColumn("", minWidth: 16), TableColumn("", minWidth: 8), TableColumn("", minWidth: 10, flex: 1)],
            width: inner.width - 1)
        for (index, entry) in detail.timeline.dropFirst(timelineScroll).prefix(inner.height).enumerated() {
            layout.draw(
                [Presentation.dateTime(entry.at), entry.kind, entry.text], on: canvas, x: inner.x + 1,
                y: inner.y + index, styles: [.dim, .accent, nil])
        }
    }
}

extension ScreenEffect {
    /// The same effect for an action run from an overlay: a success message also closes it.
    var closingOverlay: ScreenEffect {
        if case .message(let text) = self { return .back(text) }
        return self
    }
}
