// crm — a terminal-first CRM. Licensed under the MIT License.

/// "Recently deleted": deleted records of every kind, newest first, each one key from coming back.
///
/// Opened with `:deleted` from the command palette. `r` restores the selected record with what
/// its delete took along (a company deleted with its deals gets them back).
@MainActor
public final class DeletedScreen: Screen {
    public private(set) var cursor = 0
    public private(set) var items: [DeletedRecord] = []
    private var failure: String?
    private let context: AppContext

    /// The most records the view lists.
    static let limit = 200

    public init(context: AppContext) {
        self.context = context
        reload()
    }

    public var title: String { "Recently deleted" }

    public func reload() {
        do {
            items = try context.source.recentlyDeleted(limit: Self.limit)
            failure = nil
        } catch {
            items = []
            failure = "\(error)"
        }
        cursor = min(cursor, max(0, items.count - 1))
    }

    public func bindings() -> [KeyBinding] {
        let none = items.isEmpty ? "nothing was deleted" : nil
        let item = items.indices.contains(cursor) ? items[cursor] : nil
        return [
            KeyBinding(keys: [.char("j"), .down], description: "next", disabledReason: none) { [unowned self] in
                cursor = min(cursor + 1, items.count - 1)
                return .none
            },
            KeyBinding(keys: [.char("k"), .up], description: "previous", disabledReason: none) { [unowned self] in
                cursor = max(0, cursor - 1)
                return .none
            },
            KeyBinding(
                keys: [.char("r")], description: "restore (with what its delete took along)", showInHintBar: true,
                disabledReason: none
            ) { [unowned self] in
                guard let item else { return .none }
                do {
                    let others = try context.source.restore(item.ref)
                    reload()
                    let with = others.isEmpty ? "" : " with " + others.joined(separator: ", ")
                    return .message("restored \(item.ref.kind.noun) \(item.title)\(with)")
                } catch {
                    return .error("\(error)")
                }
            },
            KeyBinding(keys: [.escape, .char("q")], description: "back", showInHintBar: true) { .back(nil) },
        ]
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        canvas.put("Recently deleted", x: rect.x + 1, y: rect.y, width: rect.width - 2, style: .header)
        let body = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        if let failure { return EmptyState.draw(failure, on: canvas, in: body) }
        if items.isEmpty { return EmptyState.draw("Nothing was deleted.", on: canvas, in: body) }
        let layout = TableLayout(
            [TableColumn("", minWidth: 16), TableColumn("", minWidth: 8), TableColumn("", minWidth: 20, flex: 1)],
            width: rect.width - 2)
        let first = max(0, cursor - body.height + 1)
        for (offset, item) in items.dropFirst(first).prefix(body.height).enumerated() {
            layout.draw(
                [Presentation.dateTime(item.at), item.ref.kind.noun, item.title], on: canvas, x: rect.x + 1,
                y: body.y + offset, style: first + offset == cursor ? .selected : .normal)
        }
    }
}
