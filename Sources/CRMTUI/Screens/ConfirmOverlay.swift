// crm — a terminal-first CRM. Licensed under the MIT License.

/// A yes / no question before a destructive action: `y` confirms, `n` or Esc cancels.
@MainActor
public final class ConfirmOverlay: Overlay {
    public let question: String
    private let confirm: @MainActor () -> ScreenEffect

    public init(_ question: String, confirm: @escaping @MainActor () -> ScreenEffect) {
        self.question = question
        self.confirm = confirm
    }

    public var hints: [KeyBinding] {
        [
            KeyBinding(keys: [.char("y")], description: "yes", showInHintBar: true) { .none },
            KeyBinding(keys: [.char("n"), .escape], description: "no", showInHintBar: true) { .none },
        ]
    }

    public func handle(_ key: Key) -> ScreenEffect {
        switch key {
        case .char("y"), .char("Y"): confirm().closingOverlay
        case .char("n"), .char("N"), .escape: .back("cancelled")
        default: .error("press y to confirm or n to cancel")
        }
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        let width = min(rect.width - 4, max(30, DisplayWidth.of(question) + 6))
        let box = Rect(x: rect.x + (rect.width - width) / 2, y: rect.y + rect.height / 2 - 2, width: width, height: 4)
        canvas.fill(box)
        canvas.box(box, title: "Confirm", style: .warning)
        canvas.put(question, x: box.x + 2, y: box.y + 1, width: box.width - 4)
        canvas.put("y yes · n no", x: box.x + 2, y: box.y + 2, width: box.width - 4, style: .dim)
    }
}
