// crm — a terminal-first CRM. Licensed under the MIT License.

/// The notification centre: SLA risks and breaches, due tasks, assignments and customer
/// replies, newest first, each saying why.
///
/// Enter opens the record a notification is about and marks it read; `x` marks it read,
/// `X` marks all read, `z` snoozes it for a day, `d` dismisses it. The marks are kept by the data source, per user.
@MainActor
public final class NotificationScreen: Screen {
    public private(set) var cursor = 0
    private let context: AppContext

    public init(context: AppContext) {
        self.context = context
    }

    public var title: String { "Notifications" }

    public var items: [NotificationItem] { context.notifications }

    public func reload() {
        context.refreshSession()
    }

    public func bindings() -> [KeyBinding] {
        let none = items.isEmpty ? "there are no notifications" : nil
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
                keys: [.enter], description: "open the record", showInHintBar: true,
                disabledReason: none ?? (item?.ref == nil ? "this notification has no record" : nil)
            ) {
                [context] in
                guard let item, let ref = item.ref else { return .none }
                do { try context.markRead([item.id]) } catch { return .error("could not mark it read: \(error)") }
                return .push(DetailScreen(ref: ref, context: context))
            },
            KeyBinding(keys: [.char("x")], description: "mark read", showInHintBar: true, disabledReason: none) {
                [context] in
                guard let item else { return .none }
                do { try context.markRead([item.id]) } catch { return .error("could not mark it read: \(error)") }
                return .none
            },
            KeyBinding(keys: [.char("X")], description: "mark all read", disabledReason: none) { [context] in
                do {
                    try context.markRead(context.notifications.map(\.id))
                } catch {
                    return .error("could not mark them read: \(error)")
                }
                return .message("all notifications marked read")
            },
            KeyBinding(keys: [.char("z")], description: "snooze for a day", disabledReason: none) { [context] in
                guard let item else { return .none }
                do {
                    try context.snooze([item.id], until: context.now + 86_400_000)
                } catch {
                    return .error("could not snooze it: \(error)")
                }
                return .message("snoozed until this time tomorrow")
            },
            KeyBinding(keys: [.char("d")], description: "dismiss", showInHintBar: true, disabledReason: none) {
                [context] in
                guard let item else { return .none }
                do { try context.dismiss([item.id]) } catch { return .error("could not dismiss it: \(error)") }
                return .message("dismissed until something new happens to it")
            },
            KeyBinding(keys: [.escape, .char("q")], description: "back", showInHintBar: true) { .back(nil) },
        ]
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        canvas.put(
            "Notifications (\(context.unreadCount) unread)", x: rect.x + 1, y: rect.y, width: rect.width - 2,
            style: .header)
        let body = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        if items.isEmpty { return EmptyState.draw("Nothing needs your attention.", on: canvas, in: body) }
        cursor = min(cursor, items.count - 1)
        let layout = TableLayout(
            [TableColumn("", minWidth: 2), TableColumn("", minWidth: 16), TableColumn("", minWidth: 20, flex: 1)],
            width: rect.width - 2)
        let first = max(0, cursor - body.height + 1)
        for (offset, item) in items.dropFirst(first).prefix(body.height).enumerated() {
            let unread = !context.isRead(item)
            let style: TextStyle = first + offset == cursor ? .selected : (unread ? Self.style(item.severity) : .dim)
            layout.draw(
                [unread ? "●" : " ", Presentation.dateTime(item.at), item.text], on: canvas, x: rect.x + 1,
                y: body.y + offset, style: style)
        }
    }

    static func style(_ severity: NotificationItem.Severity) -> TextStyle {
        switch severity {
        case .info: .normal
        case .warning: .warning
        case .alert: .error
        }
    }
}
