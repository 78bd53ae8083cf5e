// crm — a terminal-first CRM. Licensed under the MIT License.

/// The `?` overlay: every binding of the current screen and the global keys, from the same data
/// that drives dispatch, with the reason for any key that cannot act right now.
@MainActor
public final class HelpOverlay: Overlay {
    public let screenTitle: String
    public let sections: [(String, [KeyBinding])]
    public private(set) var scroll = 0

    public init(screenTitle: String, screen: [KeyBinding], global: [KeyBinding]) {
        self.screenTitle = screenTitle
        sections = [(screenTitle, screen), ("Everywhere", global)]
    }

    public var hints: [KeyBinding] {
        [
            KeyBinding(keys: [.char("j"), .char("k")], description: "scroll", showInHintBar: true) { .none },
            KeyBinding(keys: [.escape, .char("?"), .char("q")], description: "close help", showInHintBar: true) {
                .none
            },
        ]
    }

    public func handle(_ key: Key) -> ScreenEffect {
        switch key {
        case .char("j"), .down: scroll += 1
        case .char("k"), .up: scroll = max(0, scroll - 1)
        case .escape, .char("?"), .char("q"), .enter: return .back(nil)
        default: break
        }
        return .none
    }

    /// The help text as lines: "  j/↓            next row".
    public var lines: [(String, TextStyle)] {
        var result: [(String, TextStyle)] = []
        for (title, bindings) in sections {
            result.append((title, .header))
            for binding in bindings {
                var line = DisplayWidth.fit("  " + binding.keyLabel, to: 22) + binding.description
                if let reason = binding.disabledReason { line += "  (unavailable: \(reason))" }
                result.append((line, binding.disabledReason == nil ? .normal : .dim))
            }
            result.append(("", .normal))
        }
        return result
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        let box = rect.inset(by: 1)
        canvas.fill(box)
        canvas.box(box, title: "Help — \(screenTitle)")
        let inner = box.inset(by: 1)
        let all = lines
        scroll = min(scroll, max(0, all.count - inner.height))
        for (index, line) in all.dropFirst(scroll).prefix(inner.height).enumerated() {
            canvas.put(line.0, x: inner.x + 1, y: inner.y + index, width: inner.width - 2, style: line.1)
        }
    }
}
