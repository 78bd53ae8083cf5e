// crm — a terminal-first CRM. Licensed under the MIT License.

/// Picks one value from a short list: a case's priority or status, a deal's stage, a teammate.
///
/// Picking replaces cycling (issue 20: `p` on an urgent case wrapped it to low in one key). The
/// current value is selected when it opens; ↑/↓ (or ctrl+p / ctrl+n, Tab) move, typing narrows
/// the list without case ("neg" → Negotiation), Enter picks, Esc cancels.
///
/// ```swift
/// .overlay(ChoiceOverlay("Priority", options: EntitySchema.priorities, current: row.priority) { value in … })
/// ```
@MainActor
public final class ChoiceOverlay: Overlay {
    public let title: String
    public private(set) var list: ChoiceList
    private var input = TextInput()
    private let pick: @MainActor (String) -> ScreenEffect

    public init(
        _ title: String, options: [String], current: String? = nil, pick: @escaping @MainActor (String) -> ScreenEffect
    ) {
        self.title = title
        list = ChoiceList(options, selected: current)
        self.pick = pick
    }

    public var hints: [KeyBinding] {
        [
            KeyBinding(keys: [.up, .down], description: "choose", showInHintBar: true) { .none },
            KeyBinding(keys: [.enter], description: "pick", showInHintBar: true) { .none },
            KeyBinding(keys: [.escape], description: "cancel", showInHintBar: true) { .none },
        ]
    }

    public func handle(_ key: Key) -> ScreenEffect {
        switch key {
        case .escape: return .back("cancelled")
        case .enter:
            guard let value = list.selection else { return .error("nothing matches “\(input.text)”; Esc cancels") }
            return pick(value).closingOverlay
        case .up, .ctrl("p"), .backTab: list.move(by: -1)
        case .down, .ctrl("n"), .tab: list.move(by: 1)
        default:
            if input.handle(key) { list.filter = input.text }
        }
        return .none
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        let labels = list.options.map { DisplayWidth.of($0) } + [DisplayWidth.of(title)]
        let width = min(rect.width - 2, max(48, (labels.max() ?? 0) + 8))
        let rows = min(max(1, list.options.count), max(1, rect.height - 5))
        let height = rows + 4
        let box = Rect(
            x: rect.x + (rect.width - width) / 2, y: rect.y + max(0, (rect.height - height) / 2), width: width,
            height: height)
        canvas.fill(box)
        canvas.box(box, title: title)
        list.draw(on: canvas, in: Rect(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: rows))
        canvas.put("find:", x: box.x + 2, y: box.y + 1 + rows, style: .dim)
        input.draw(on: canvas, x: box.x + 8, y: box.y + 1 + rows, width: box.width - 10, focused: true)
        canvas.put(
            "type to narrow · Enter picks · Esc cancels", x: box.x + 2, y: box.y + 2 + rows, width: box.width - 4,
            style: .dim)
    }
}
