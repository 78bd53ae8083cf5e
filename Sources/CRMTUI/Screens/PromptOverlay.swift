// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// A one-line question with a text answer: a note's text, a lost reason.
@MainActor
public final class PromptOverlay: Overlay {
    public let question: String
    public private(set) var input = TextInput()
    private let allowEmpty: Bool
    private let submit: @MainActor (String) -> ScreenEffect

    public init(_ question: String, allowEmpty: Bool = false, submit: @escaping @MainActor (String) -> ScreenEffect) {
        self.question = question
        self.allowEmpty = allowEmpty
        self.submit = submit
    }

    public var hints: [KeyBinding] {
        [
            KeyBinding(keys: [.enter], description: "confirm", showInHintBar: true) { .none },
            KeyBinding(keys: [.escape], description: "cancel", showInHintBar: true) { .none },
        ]
    }

    public func handle(_ key: Key) -> ScreenEffect {
        switch key {
        case .escape: return .back("cancelled")
        case .enter:
            let text = input.text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty && !allowEmpty { return .error("type something first, or press Esc to cancel") }
            return submit(text)
        default:
            _ = input.handle(key)
            return .none
        }
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        let width = min(rect.width - 4, 70)
        let box = Rect(x: rect.x + (rect.width - width) / 2, y: rect.y + rect.height / 2 - 2, width: width, height: 4)
        canvas.fill(box)
        canvas.box(box, title: question)
        input.draw(on: canvas, x: box.x + 2, y: box.y + 1, width: box.width - 4, focused: true)
        canvas.put("Enter confirms · Esc cancels", x: box.x + 2, y: box.y + 2, width: box.width - 4, style: .dim)
    }
}
