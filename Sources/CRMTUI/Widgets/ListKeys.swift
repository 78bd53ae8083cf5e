// crm — a terminal-first CRM. Licensed under the MIT License.

/// The movement bindings every list shares: vim keys, arrows, top / bottom and paging.
@MainActor
public enum ListKeys {
    /// Bindings that move a selection; `move` takes a row delta, `page` is the visible row count.
    public static func navigation(
        page: Int, emptyReason: String?, move: @escaping @MainActor (Int) -> Void,
        top: @escaping @MainActor () -> Void, bottom: @escaping @MainActor () -> Void
    ) -> [KeyBinding] {
        let half = max(1, page / 2)
        func step(_ keys: [Key], _ text: String, _ delta: Int, hint: Bool = false) -> KeyBinding {
            KeyBinding(keys: keys, description: text, showInHintBar: hint, disabledReason: emptyReason) {
                move(delta)
                return .none
            }
        }
        return [
            step([.char("j"), .down], "next row", 1),
            step([.char("k"), .up], "previous row", -1),
            KeyBinding(keys: [.char("g"), .home], description: "top", disabledReason: emptyReason) {
                top()
                return .none
            },
            KeyBinding(keys: [.char("G"), .end], description: "bottom", disabledReason: emptyReason) {
                bottom()
                return .none
            },
            step([.ctrl("d")], "half page down", half),
            step([.ctrl("u")], "half page up", -half),
            step([.pageDown], "page down", max(1, page)),
            step([.pageUp], "page up", -max(1, page)),
        ]
    }
}
